/**
 * Test support for shell components inside the local engine: a reliable TS number spout, a collecting bolt,
 * a run harness that captures errors and logs, deadline polling with a diagnostic dump, and fixture paths.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { BasicBolt, Spout, confNumber, type Conf, type Topology, type TopologyContext, type Tuple } from '@twinstorm/core';
import {
  runLocal,
  type ComponentErrorEvent,
  type ComponentLogEvent,
  type LocalRun,
  type LocalRunOptions,
  type RunSnapshot,
} from '@twinstorm/local';

/** Absolute path of a fixture script in test/host/fixtures. */
export function fixture(name: string): string {
  return fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
}

/** Conf key: how many numbers NumberSpout emits. */
export const COUNT_CONF = 'test.numbers';
/** Conf key: the key under which CollectBolt records what it receives. */
export const COLLECT_CONF = 'test.collect';

/** Emits 0 .. count-1 as [n], reliably (msgId n), replaying failed numbers first, as the wordcount spout does. */
export class NumberSpout extends Spout {
  static outputFields = ['n'];
  #next = 0;
  #count = 0;
  readonly #replay: number[] = [];

  override open(conf: Conf, _context: TopologyContext): void {
    this.#count = confNumber(conf, COUNT_CONF) ?? 100;
  }

  nextTuple(): void {
    const n = this.#replay.shift() ?? (this.#next < this.#count ? this.#next++ : undefined);
    if (n !== undefined) this.emit([n], { msgId: n });
  }

  override fail(msgId: unknown): void {
    this.#replay.push(msgId as number);
  }
}

/** What CollectBolt saw, per run key: every value of field `n`, in arrival order. */
export const collected = new Map<string, unknown[]>();

/** Records the first value of each tuple under its run key (the engine runs tasks in this thread). */
export class CollectBolt extends BasicBolt {
  execute(tuple: Tuple): void {
    const key = this.conf[COLLECT_CONF] as string;
    let values = collected.get(key);
    if (values === undefined) collected.set(key, (values = []));
    values.push(tuple.getValue(0));
  }
}

/** A run plus everything it reported. */
export interface Harness {
  readonly run: LocalRun;
  readonly errors: ComponentErrorEvent[];
  readonly logs: ComponentLogEvent[];
  dump(): string;
}

/** Starts a run capturing errors and logs. */
export function start(topology: Topology, options: Omit<LocalRunOptions, 'onError' | 'onLog'> = {}): Harness {
  const errors: ComponentErrorEvent[] = [];
  const logs: ComponentLogEvent[] = [];
  const run = runLocal(topology, { drainTimeoutMs: 5_000, ...options, onError: (e) => errors.push(e), onLog: (e) => logs.push(e) });
  run.started.catch(() => undefined);
  return {
    run,
    errors,
    logs,
    dump: () => {
      const errs = errors.map((e) => `  ${e.component}:${e.task} ${e.message}`).join('\n');
      const tail = logs
        .slice(-30)
        .map((l) => `  [${l.level}] ${l.component}:${l.task} ${l.message}`)
        .join('\n');
      return `snapshot: ${JSON.stringify(run.snapshot())}\nerrors (${errors.length}):\n${errs}\nlast logs:\n${tail}`;
    },
  };
}

/** Runs body against a started run, then stops it (bounded); returns the final summary and the harness. */
export async function withRun<T>(
  topology: Topology,
  options: Omit<LocalRunOptions, 'onError' | 'onLog'>,
  body: (h: Harness) => Promise<T>,
): Promise<{ value: T; summary: RunSnapshot; harness: Harness }> {
  const h = start(topology, options);
  let value: T;
  try {
    await h.run.started;
    value = await body(h);
  } finally {
    await Promise.race([h.run.stop(), delay(20_000)]);
  }
  const summary = await Promise.race([h.run.finished, delay(2_000).then(() => null)]);
  if (summary === null) throw new Error(`run did not finish after stop()\n${h.dump()}`);
  return { value, summary, harness: h };
}

/** Conf that makes supervision quick in tests: short back-off, short kill grace. */
export const FAST_SUPERVISION: Conf = {
  'twinstorm.shell.backoff.initial.ms': 20,
  'twinstorm.shell.backoff.max.ms': 200,
  'twinstorm.shell.kill.grace.ms': 500,
};
