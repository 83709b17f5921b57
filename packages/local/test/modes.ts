// Support for the suites that run each scenario in both modes: in this thread (workers: 1) and spread over two worker
// threads. Topologies come from the module fixtures (fixtures/topologies.ts); their components report on a probe
// channel, which this file turns back into the Ledger / Seen shapes the in-memory suites use.
import { randomUUID } from 'node:crypto';
import { BroadcastChannel } from 'node:worker_threads';
import type { Conf } from '@twinstorm/core';
import { loadTopology, type LocalRunOptions, type RunSnapshot } from '../src/index.ts';
import { FIXTURES } from './fixtures/topologies.ts';
import { PROBE_CONF, type ProbeCommand, type ProbeEvent } from './fixtures/probe.ts';
import { delay, Ledger, now, withRun, type Harness, type Seen } from './helpers.ts';

/** The two ways a scenario runs. */
export const MODES = [
  { name: 'in this thread', workers: 1 },
  { name: 'on 2 worker threads', workers: 2 },
] as const;
export type Mode = (typeof MODES)[number];

/** Every task counts as heavy, so two workers really spread the tasks (light tasks would run fused in one thread). */
export const SPREAD: Conf = { 'topology.component.cpu.pcore.percent': 100 };

/** The test's end of a run's probe channel: everything the components reported, in arrival order. */
export class ProbeLog {
  readonly name = `twinstorm-test-${randomUUID()}`;
  readonly events: ProbeEvent[] = [];
  readonly #channel = new BroadcastChannel(this.name);

  constructor() {
    this.#channel.onmessage = (m: unknown) => {
      const data = (m as { data: ProbeEvent | ProbeCommand }).data;
      if (!('cmd' in data)) this.events.push(data);
    };
  }

  /** The conf that tells components where to report. */
  get conf(): Conf {
    return { [PROBE_CONF]: this.name };
  }

  /** Sends a command to every component of the run (e.g. release held tuples). */
  send(command: ProbeCommand): void {
    this.#channel.postMessage(command);
  }

  /** The spout events as a Ledger (emits, acks, fails, outstanding per task, re-entrant acks). */
  ledger(): Ledger {
    const l = new Ledger();
    for (const ev of this.events) {
      if (ev.e === 'emit') {
        l.emits.push({ msgId: ev.id, task: ev.task, at: ev.at });
        const out = (l.outstanding.get(ev.task) ?? 0) + 1;
        l.outstanding.set(ev.task, out);
        l.maxOutstanding.set(ev.task, Math.max(out, l.maxOutstanding.get(ev.task) ?? 0));
      } else if (ev.e === 'ack' || ev.e === 'fail') {
        (ev.e === 'ack' ? l.acks : l.fails).push({ msgId: ev.id, task: ev.task, at: ev.at });
        l.outstanding.set(ev.task, (l.outstanding.get(ev.task) ?? 0) - 1);
        if (ev.reentrant) l.reentrant++;
      } else if (ev.e === 'call') l.calls.push(ev.call);
    }
    return l;
  }

  /** What the capture bolts of `component` (default: all) saw. */
  seen(component?: string): Seen[] {
    const out: Seen[] = [];
    for (const ev of this.events) {
      if (ev.e !== 'seen' || (component !== undefined && ev.component !== component)) continue;
      out.push({
        values: ev.values,
        stream: ev.stream,
        source: ev.source,
        sourceTask: ev.sourceTask,
        taskId: ev.taskId,
        taskIndex: ev.taskIndex,
        tick: ev.tick,
        at: ev.at,
      });
    }
    return out;
  }

  /** Values of the `mark` events with this name, per reporting task. */
  marks(name: string): Array<{ task: number; value: number }> {
    return this.events.flatMap((ev) => (ev.e === 'mark' && ev.name === name ? [{ task: ev.task, value: ev.value }] : []));
  }

  /** Tuples released so far by hold commands. */
  released(): number {
    return this.events.reduce((n, ev) => n + (ev.e === 'released' ? ev.n : 0), 0);
  }

  /** Waits until no event has arrived for `quietMs` (events from other threads arrive asynchronously). */
  async settle(quietMs = 60, maxMs = 3_000): Promise<void> {
    const end = now() + maxMs;
    let count = -1;
    while (now() < end && count !== this.events.length) {
      count = this.events.length;
      await delay(quietMs);
    }
  }

  close(): void {
    this.#channel.close();
  }
}

/** Runs a fixture topology in a mode with a fresh probe; body gets the harness and the probe; the run always stops. */
export async function runScenario<T>(
  fixture: string,
  mode: Mode,
  conf: Conf,
  body: (h: Harness, probe: ProbeLog) => Promise<T>,
  options: Omit<LocalRunOptions, 'onError' | 'onLog' | 'conf' | 'workers'> = {},
): Promise<{ value: T; summary: RunSnapshot; harness: Harness; probe: ProbeLog }> {
  const probe = new ProbeLog();
  try {
    const topology = await loadTopology(FIXTURES, fixture);
    const r = await withRun(topology, { ...options, workers: mode.workers, conf: { ...SPREAD, ...probe.conf, ...conf } }, (h) =>
      body(h, probe),
    );
    await probe.settle();
    return { ...r, probe };
  } finally {
    probe.close();
  }
}
