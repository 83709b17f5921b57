import type { RunView } from './view-types.ts';

/** Per-second rates of one component or task over the recent window. */
export interface Rates {
  emitted: number;
  acked: number;
  failed: number;
  executed: number;
}

/** A run's recent rates, and over how many seconds they were measured (0: one view only, no rate yet). */
export interface RunRates {
  windowSeconds: number;
  components: Record<string, Rates>;
  /** By task id. */
  tasks: Record<number, Rates & { capacity: number | null }>;
}

interface Sample {
  at: number;
  components: Map<string, Rates>;
  tasks: Map<number, Rates & { busyMs: number | undefined }>;
}

/** How far back a rate looks: long enough to smooth a second's jitter, short enough to show a spout that went idle. */
const WINDOW_MS = 5000;
/** Samples older than this are dropped. */
const KEEP_MS = 2 * WINDOW_MS;

/**
 * Rates over the last few seconds from successive views of each run (the counters only ever grow, so a rate is a
 * difference over time). Holds a few samples per run; runs not observed for a while are forgotten.
 */
export class RateWindow {
  readonly #samples = new Map<string, Sample[]>();

  /** Records the view and returns the rates between it and the sample about WINDOW_MS before it. */
  observe(view: RunView): RunRates {
    const now = sampleOf(view);
    const samples = (this.#samples.get(view.id) ?? []).filter((s) => now.at - s.at <= KEEP_MS && s.at < now.at);
    const base = samples.find((s) => now.at - s.at <= WINDOW_MS) ?? samples[samples.length - 1];
    samples.push(now);
    this.#samples.set(view.id, samples);
    for (const [id, list] of this.#samples) if (now.at - list[list.length - 1]!.at > KEEP_MS * 6) this.#samples.delete(id);
    if (base === undefined) return { windowSeconds: 0, components: {}, tasks: {} };
    const ms = now.at - base.at;
    const components: Record<string, Rates> = {};
    for (const [id, c] of now.components) components[id] = perSecond(c, base.components.get(id), ms);
    const tasks: RunRates['tasks'] = {};
    for (const [id, t] of now.tasks) {
      const before = base.tasks.get(id);
      const busy = t.busyMs === undefined || before?.busyMs === undefined ? null : Math.max(0, t.busyMs - before.busyMs) / ms;
      tasks[id] = { ...perSecond(t, before, ms), capacity: busy === null ? null : Math.round(busy * 1000) / 1000 };
    }
    return { windowSeconds: Math.round(ms / 100) / 10, components, tasks };
  }
}

function sampleOf(view: RunView): Sample {
  const components = new Map<string, Rates>();
  for (const c of view.components)
    components.set(c.id, { emitted: c.emitted, acked: c.acked, failed: c.failed, executed: c.executed ?? 0 });
  const tasks = new Map<number, Rates & { busyMs: number | undefined }>();
  for (const t of view.tasks)
    tasks.set(t.task, { emitted: t.emitted, acked: t.acked, failed: t.failed, executed: t.executed, busyMs: t.busyMs });
  return { at: view.takenAt, components, tasks };
}

function perSecond(now: Rates, then: Rates | undefined, ms: number): Rates {
  const rate = (a: number, b: number | undefined): number => Math.round((Math.max(0, a - (b ?? 0)) / ms) * 10_000) / 10;
  return {
    emitted: rate(now.emitted, then?.emitted),
    acked: rate(now.acked, then?.acked),
    failed: rate(now.failed, then?.failed),
    executed: rate(now.executed, then?.executed),
  };
}
