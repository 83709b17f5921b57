import type { TopologySpec } from '@twinstorm/core';
import { assignTaskIds } from '@twinstorm/core/runtime';
import { MIN_TUPLE_US } from './adaptive-placement.ts';

/** Storm's Resource Aware Scheduler key: the share of a core one task of a component needs, in percent. */
export const CPU_LOAD_CONF = 'topology.component.cpu.pcore.percent';
/** Storm's default for it: a light task. */
export const DEFAULT_CPU_LOAD = 10;
/** Tasks declaring at least this much of a core are heavy: they are spread over the worker threads. */
export const HEAVY_CPU_LOAD = 50;

/** Which worker thread runs each task, and why. */
export interface Placement {
  /** Threads that run at least one task (at most the workers asked for; threads left empty are not started). */
  readonly threads: number;
  /** The thread of every task, by task id (acker task ids, which the local engine does not run, are absent). */
  readonly threadOf: readonly number[];
  /** Task ids per thread, ascending. */
  readonly tasksOf: readonly (readonly number[])[];
  /** One sentence on how the placement was decided (the CLI prints it). */
  readonly reason: string;
  /** Bolt tasks move between the threads while the run runs, by their measured load (adaptive-placement.ts). */
  readonly adaptive?: boolean;
}

/**
 * Places tasks on up to `workers` threads (one thread means the in-process engine, no worker thread at all). Moving a tuple to another thread costs about as much CPU as a light task's
 * whole work on it (encoding, decoding, an ack back: ~0.3 µs against ~0.5 µs for a word-count step), so:
 * - every task counts as light unless its component declares `topology.component.cpu.pcore.percent` (Storm's Resource
 *   Aware Scheduler key, set with `.addConfiguration` or topology-wide) of at least 50;
 * - without heavy tasks, the whole topology runs fused on one thread: spreading light tasks would only add transfer
 *   work, and a topology must never run slower with more workers;
 * - heavy tasks are spread first, largest declared load first, each to the least loaded thread (never more threads
 *   than heavy tasks); light tasks then join the least loaded thread, in component order, to even out the load.
 */
export function placeTasks(spec: TopologySpec, workers: number): Placement {
  const taskIds = assignTaskIds(spec);
  const tasks: Array<{ task: number; load: number; order: number }> = [];
  spec.components.forEach((c, order) => {
    const load = cpuLoad(c.conf[CPU_LOAD_CONF] ?? spec.conf[CPU_LOAD_CONF]);
    for (const task of taskIds.get(c.id) ?? []) tasks.push({ task, load, order });
  });
  const heavy = tasks.filter((t) => t.load >= HEAVY_CPU_LOAD);
  const light = tasks.filter((t) => t.load < HEAVY_CPU_LOAD);
  const threads = Math.max(1, Math.min(workers, heavy.length));
  const load = new Array<number>(threads).fill(0);
  const threadOf: number[] = [];
  const place = (t: { task: number; load: number }): void => {
    let best = 0;
    for (let i = 1; i < threads; i++) if (load[i]! < load[best]!) best = i;
    threadOf[t.task] = best;
    load[best]! += t.load;
  };
  [...heavy].sort((a, b) => b.load - a.load || a.order - b.order || a.task - b.task).forEach(place);
  light.forEach(place);
  const tasksOf: number[][] = Array.from({ length: threads }, () => []);
  threadOf.forEach((thread, task) => tasksOf[thread]!.push(task));
  const reason =
    heavy.length === 0
      ? `every task is light (no component declares ${CPU_LOAD_CONF} >= ${HEAVY_CPU_LOAD}), so the topology runs fused on one thread`
      : threads === 1
        ? `one heavy task (${CPU_LOAD_CONF} >= ${HEAVY_CPU_LOAD}) and ${workers === 1 ? 'one worker' : 'nothing else heavy to spread'}, so the topology runs fused on one thread`
        : `${heavy.length} heavy tasks (${CPU_LOAD_CONF} >= ${HEAVY_CPU_LOAD}) spread over ${threads} worker threads, light tasks added where the load is lowest`;
  return { threads, threadOf, tasksOf, reason };
}

/**
 * The placement a run with `workers` threads starts with: placeTasks's, on every one of the threads when some bolt
 * declares no load, so that adaptive placement (task-mover.ts) can move the bolts that turn out CPU-heavy to the idle
 * threads while the run runs. A topology whose tasks all declare a load is placed as declared, and never moves.
 */
export function placeForRun(spec: TopologySpec, workers: number): Placement {
  const placed = placeTasks(spec, workers);
  const undeclared = spec.components.some((c) => c.kind !== 'spout' && (c.conf[CPU_LOAD_CONF] ?? spec.conf[CPU_LOAD_CONF]) === undefined);
  if (workers === 1 || !undeclared) return placed;
  const tasksOf = [...placed.tasksOf, ...Array.from({ length: workers - placed.threads }, () => [])];
  const start = placed.threads === 1 ? 'it starts fused on one thread' : `it starts on ${placed.threads} threads as declared`;
  return {
    threads: workers,
    threadOf: placed.threadOf,
    tasksOf,
    reason: `${placed.reason}; ${start} of ${workers} worker threads, and bolt tasks measured CPU-heavy (${MIN_TUPLE_US} µs/tuple or more, holding no state) move to a thread with room while it runs`,
    adaptive: true,
  };
}

/** The declared load; createTopology and withConf already refused a value that is not a positive number. */
function cpuLoad(value: unknown): number {
  return typeof value === 'number' ? value : DEFAULT_CPU_LOAD;
}
