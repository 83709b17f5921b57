import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { Bolt, Spout, type Topology, type Tuple, type TwinstormError } from '@twinstorm/core';
import {
  runLocal,
  type ComponentErrorEvent,
  type ComponentLogEvent,
  type LocalRun,
  type LocalRunOptions,
  type RunSnapshot,
} from '../src/index.ts';

/** Shared test support for the local engine: run harness with error capture, deadline polling, and tracking spouts/bolts. */

/** Whether some bolt's execute or some spout's nextTuple is on the stack now (for re-entrancy checks). */
export const probe = { inExecute: 0, inNextTuple: 0 };

/** Milliseconds, monotonic. */
export function now(): number {
  return performance.now();
}

/** A run plus everything it reported. */
export interface Harness {
  readonly run: LocalRun;
  readonly errors: ComponentErrorEvent[];
  readonly logs: ComponentLogEvent[];
  /** A diagnostic dump: the snapshot and the errors so far. */
  dump(): string;
}

/** Starts a run capturing errors and logs (so nothing goes to stderr and tests can assert on them). */
export function start(topology: Topology, options: Omit<LocalRunOptions, 'onError' | 'onLog'> = {}): Harness {
  const errors: ComponentErrorEvent[] = [];
  const logs: ComponentLogEvent[] = [];
  const run = runLocal(topology, { ...options, onError: (e) => errors.push(e), onLog: (e) => logs.push(e) });
  // A failed start is asserted by the tests that expect it; keep it from being an unhandled rejection elsewhere.
  run.started.catch(() => undefined);
  return {
    run,
    errors,
    logs,
    dump: () => dumpOf(run, errors),
  };
}

/** Runs `body` against a started run and always stops the run afterwards; returns body's value and the final summary. */
export async function withRun<T>(
  topology: Topology,
  options: Omit<LocalRunOptions, 'onError' | 'onLog'>,
  body: (h: Harness) => Promise<T>,
): Promise<{ value: T; summary: RunSnapshot; harness: Harness }> {
  // A bounded drain by default, so a failing test with held tuples does not wait out a 30 s message timeout.
  const h = start(topology, { drainTimeoutMs: 3_000, ...options });
  let value: T;
  try {
    await h.run.started;
    value = await body(h);
  } finally {
    // Bounded stop, so a broken engine fails the test instead of hanging it.
    await Promise.race([h.run.stop(), delay(15_000).then(() => undefined)]);
  }
  const summary = await Promise.race([h.run.finished, delay(1_000).then(() => null)]);
  if (summary === null) throw new Error(`run did not finish after stop()\n${h.dump()}`);
  return { value, summary, harness: h };
}

function dumpOf(run: LocalRun | undefined, errors: readonly ComponentErrorEvent[]): string {
  if (run === undefined) return '';
  let snapshot: string;
  try {
    snapshot = JSON.stringify(run.snapshot(), null, 2);
  } catch (e) {
    snapshot = `(snapshot threw: ${String(e)})`;
  }
  const errs = errors.map((e) => `  ${e.component}:${e.task} [${codeOf(e.error) ?? '-'}] ${e.message}`).join('\n');
  return `snapshot: ${snapshot}\nerrors (${errors.length}):\n${errs}`;
}

/**
 * Checks an invariant repeatedly for `ms` (for "this must NOT happen" assertions, where a deadline wait cannot
 * help); throws at the first violation.
 */
export async function holdsFor(ms: number, invariant: () => boolean, describe: string | (() => string), h?: Harness): Promise<void> {
  const end = now() + ms;
  while (now() < end) {
    if (!invariant()) {
      const what = typeof describe === 'string' ? describe : describe();
      throw new Error(`invariant broken: ${what}\n${h === undefined ? '' : h.dump()}`);
    }
    await delay(3);
  }
  if (!invariant()) throw new Error(`invariant broken: ${typeof describe === 'string' ? describe : describe()}`);
}

/** The stable code of a TwinstormError (or undefined). */
export function codeOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String((error as TwinstormError).code) : undefined;
}

/** Counts occurrences of each key. */
export function tally<K>(keys: Iterable<K>): Map<K, number> {
  const m = new Map<K, number>();
  for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
  return m;
}

/** 0, 1, ..., n-1. */
export function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** What a tracking spout's tasks did, for the test to assert on. */
export class Ledger {
  /** Every emit (replays included), in order. */
  readonly emits: Array<{ msgId: number; task: number; at: number }> = [];
  readonly acks: Array<{ msgId: number; task: number; at: number }> = [];
  readonly fails: Array<{ msgId: number; task: number; at: number }> = [];
  /** ack/fail calls that happened inside a bolt's execute or a nextTuple (must be none: Storm calls them on the spout's turn). */
  reentrant = 0;
  /** Emitted and not yet acked/failed, per spout task, as the spout itself sees it; and the maximum seen right after an emit. */
  readonly outstanding = new Map<number, number>();
  readonly maxOutstanding = new Map<number, number>();
  /** Lifecycle calls, in order, as `method:task`. */
  readonly calls: string[] = [];
  nextTupleCalls = 0;

  ackCount(id: number): number {
    return this.acks.filter((a) => a.msgId === id).length;
  }

  failCount(id: number): number {
    return this.fails.filter((a) => a.msgId === id).length;
  }

  /** Message ids acked, with their counts. */
  ackTally(): Map<number, number> {
    return tally(this.acks.map((a) => a.msgId));
  }

  /** True once each id in 0..n-1 is acked at least once. */
  allAcked(n: number): boolean {
    const t = this.ackTally();
    for (let i = 0; i < n; i++) if (!t.has(i)) return false;
    return true;
  }
}

/** Options of numberSpout. */
export interface NumberSpoutOptions {
  /** Ids 0..count-1, split among the spout's tasks by `id % tasks == taskIndex`; Infinity for an unbounded spout. */
  count: number;
  /** Re-emit failed ids (default true). */
  replay?: boolean;
  /** Emit with a msgId (default true). */
  reliable?: boolean;
  /** Output fields of the default stream (default ['n']). */
  fields?: readonly string[];
  /** Values for an id (default [id]). */
  values?: (id: number) => unknown[];
  /** Gate: nextTuple emits only while this returns true (default always). */
  gate?: () => boolean;
}

/** A spout of numbered tuples with msgId = id that records emits, acks, fails and lifecycle calls in a Ledger. */
// Return types are inferred (the concrete classes) so tests can subclass them.
export function numberSpout(ledger: Ledger, options: NumberSpoutOptions) {
  const fields = options.fields ?? ['n'];
  const values = options.values ?? ((id: number) => [id]);
  const replay = options.replay ?? true;
  const reliable = options.reliable ?? true;
  const gate = options.gate ?? (() => true);
  return class NumberSpout extends Spout {
    static outputFields = fields;
    #next = 0;
    #step = 1;
    readonly #replays: number[] = [];

    override open(): void | Promise<void> {
      this.#next = this.context.taskIndex;
      this.#step = this.context.componentTasks(this.context.componentId).length;
      ledger.calls.push(`open:${this.context.taskId}`);
    }

    override activate(): void {
      ledger.calls.push(`activate:${this.context.taskId}`);
    }

    override deactivate(): void {
      ledger.calls.push(`deactivate:${this.context.taskId}`);
    }

    override close(): void {
      ledger.calls.push(`close:${this.context.taskId}`);
    }

    nextTuple(): void {
      probe.inNextTuple++;
      try {
        this.#nextTuple();
      } finally {
        probe.inNextTuple--;
      }
    }

    #nextTuple(): void {
      ledger.nextTupleCalls++;
      const call = `nextTuple:${this.context.taskId}`;
      if (ledger.calls[ledger.calls.length - 1] !== call) ledger.calls.push(call); // runs of calls collapse to one entry
      if (!gate()) return;
      let id: number;
      const replayed = this.#replays.shift();
      if (replayed !== undefined) id = replayed;
      else if (this.#next < options.count) {
        id = this.#next;
        this.#next += this.#step;
      } else return;
      const task = this.context.taskId;
      ledger.emits.push({ msgId: id, task, at: now() });
      if (reliable) this.emit(values(id), { msgId: id });
      else this.emit(values(id));
      if (reliable) {
        const out = (ledger.outstanding.get(task) ?? 0) + 1;
        ledger.outstanding.set(task, out);
        ledger.maxOutstanding.set(task, Math.max(out, ledger.maxOutstanding.get(task) ?? 0));
      }
    }

    override ack(msgId: unknown): void {
      this.#completed(msgId, true);
    }

    override fail(msgId: unknown): void {
      this.#completed(msgId, false);
      if (replay) this.#replays.push(msgId as number);
    }

    #completed(msgId: unknown, acked: boolean): void {
      if (probe.inExecute > 0 || probe.inNextTuple > 0) ledger.reentrant++;
      const task = this.context.taskId;
      ledger.outstanding.set(task, (ledger.outstanding.get(task) ?? 0) - 1);
      (acked ? ledger.acks : ledger.fails).push({ msgId: msgId as number, task, at: now() });
    }
  };
}

/** One tuple as a capture bolt saw it. */
export interface Seen {
  values: readonly unknown[];
  stream: string;
  source: string;
  sourceTask: number;
  taskId: number;
  taskIndex: number;
  tick: boolean;
  at: number;
}

/** What a capture bolt does with each input after recording it. */
export type CaptureAction = 'ack' | 'fail' | 'hold' | 'none';

/**
 * A Bolt that records every input into `sink` (with the task that got it), then acks it (default), fails it,
 * holds it in `held` for the test to ack later, or leaves it alone.
 */
export function captureBolt(
  sink: Seen[],
  decide: (t: Tuple) => CaptureAction = () => 'ack',
  held: Array<{ bolt: Bolt; tuple: Tuple }> = [],
) {
  return class CaptureBolt extends Bolt {
    execute(t: Tuple): void {
      probe.inExecute++;
      try {
        sink.push({
          values: t.values,
          stream: t.sourceStream,
          source: t.sourceComponent,
          sourceTask: t.sourceTask,
          taskId: this.context.taskId,
          taskIndex: this.context.taskIndex,
          tick: t.isTick(),
          at: now(),
        });
        switch (decide(t)) {
          case 'ack':
            this.ack(t);
            break;
          case 'fail':
            this.fail(t);
            break;
          case 'hold':
            held.push({ bolt: this, tuple: t });
            break;
          case 'none':
            break;
        }
      } finally {
        probe.inExecute--;
      }
    }
  };
}

/** Acks (or fails) every held tuple outside any execute, as a timer would. */
export function release(
  held: Array<{ bolt: Bolt; tuple: Tuple }>,
  how: 'ack' | 'fail' = 'ack',
  which: (t: Tuple) => boolean = () => true,
): number {
  let n = 0;
  for (let i = held.length - 1; i >= 0; i--) {
    const h = held[i]!;
    if (!which(h.tuple)) continue;
    held.splice(i, 1);
    if (how === 'ack') h.bolt.ack(h.tuple);
    else h.bolt.fail(h.tuple);
    n++;
  }
  return n;
}

/** Stops the run while acking whatever the holding bolts still get, so the drain can finish; returns the summary. */
export async function stopReleasing(h: Harness, held: Array<{ bolt: Bolt; tuple: Tuple }>): Promise<RunSnapshot> {
  const timer = setInterval(() => release(held, 'ack'), 2);
  try {
    return await h.run.stop();
  } finally {
    clearInterval(timer);
  }
}

/** The numeric first value of each Seen. */
export function firstNumbers(seen: readonly Seen[]): number[] {
  return seen.map((s) => s.values[0] as number);
}

export { delay };
