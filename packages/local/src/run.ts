import { TwinstormError, type Topology, type TopologySpec } from '@twinstorm/core';
import { Engine } from './engine.ts';
import { runOnWorkers } from './workers/coordinator.ts';
import { placeForRun, placeTasks } from './workers/placement.ts';
import { CapacityWindow, snapshotOf } from './snapshot.ts';
import { printProcessExit } from './default-output.ts';
import { guardProcessExit } from './exit-guard.ts';
import type { LocalRun, LocalRunOptions, RunSnapshot } from './types.ts';
import { errorMessage } from '@twinstorm/core/runtime';

/** How often capacity windows close (Storm's UI uses 10 minutes; a live table wants seconds). */
const CAPACITY_WINDOW_MS = 1000;

/**
 * Starts a topology on the local engine: prepare, open, activate, run until stop() or `maxTuples`, then deactivate,
 * drain the trees in flight, close and clean up — Storm's order. In this thread by default; on worker threads with
 * `workers` > 1 (for a topology loaded from its module).
 */
export function runLocal(topology: Topology, options: LocalRunOptions = {}): LocalRun {
  const workers = options.workers ?? 1;
  if (!Number.isInteger(workers) || workers < 1) {
    throw new TwinstormError('E_INVALID_CONF', `workers must be a positive integer, got ${String(workers)}`);
  }
  // withConf validates command-line conf as the engine does; the placement reads the component loads from it.
  const spec = (options.conf === undefined ? topology : topology.withConf(options.conf)).spec;
  const heapMb = workerHeapMb(spec.conf, topology);
  if (workers === 1 && heapMb === undefined) return runInThisThread(topology, options);
  // Adaptive placement is opt-in (twinstorm.local.adaptive.placement); a topology built in memory cannot reach worker
  // threads, so it always runs as declared (in this thread when nothing is heavy).
  const adaptive = spec.conf['twinstorm.local.adaptive.placement'] === true && topology.spec.source !== null;
  const placement = adaptive ? placeForRun(spec, workers) : placeTasks(spec, workers);
  if (placement.threads > 1) return runOnWorkers(topology, options, placement);
  if (heapMb !== undefined) {
    // A heap cap can only be set on a thread being started: the fused topology runs on one worker thread with it.
    const reason = `${placement.reason}; ${HEAP_CONF}=${heapMb} caps its heap, so that thread is a worker thread`;
    return runOnWorkers(topology, options, { ...placement, reason });
  }
  return { ...runInThisThread(topology, options), placement: { threads: 1, reason: `${placement.reason} (in this thread)` } };
}

/** Storm's per-worker heap key; the local engine applies it to every worker thread (resourceLimits). */
const HEAP_CONF = 'topology.worker.max.heap.size.mb';

/** The heap cap to apply, when set and the topology can run on a worker thread (it was loaded from its module). */
function workerHeapMb(conf: TopologySpec['conf'], topology: Topology): number | undefined {
  const mb = conf[HEAP_CONF];
  return typeof mb === 'number' && topology.spec.source !== null ? mb : undefined;
}

/** The in-process engine: every task in this thread. */
function runInThisThread(topology: Topology, options: LocalRunOptions): LocalRun {
  const engine = new Engine(topology, options);
  const capacity = new CapacityWindow();
  const capacityTimer = setInterval(() => capacity.sample(engine), CAPACITY_WINDOW_MS);
  capacityTimer.unref();
  capacity.sample(engine);
  let stopReason: string | undefined;
  let stopping: Promise<RunSnapshot> | null = null;
  const unguard = guardProcessExit({
    running: () => engine.running,
    summary: (reason) => ({ ...snapshotOf(engine, capacity, reason), state: 'stopped' }),
    report: options.onProcessExit ?? printProcessExit,
  });
  let resolveFinished: (snapshot: RunSnapshot) => void = () => undefined;
  const finished = new Promise<RunSnapshot>((resolve) => {
    resolveFinished = resolve;
  }).finally(unguard);

  const stop = (reason = 'stopped'): Promise<RunSnapshot> => {
    stopping ??= (async () => {
      const ok = await started.then(
        () => true,
        () => false,
      );
      if (!ok) return finished;
      stopReason = reason;
      const drainMs = options.drainTimeoutMs ?? 2 * engine.messageTimeoutMs;
      const complete = await engine.drain(drainMs);
      if (!complete) stopReason = `${reason} (drain timed out after ${drainMs} ms with ${engine.treesPending} tree(s) pending)`;
      await engine.shutdown();
      clearInterval(capacityTimer);
      capacity.sampleWholeRun(engine);
      const snapshot = snapshotOf(engine, capacity, stopReason);
      resolveFinished(snapshot);
      return snapshot;
    })();
    return stopping;
  };

  const started = engine.start();
  started.catch(async (error: unknown) => {
    stopReason = `start failed: ${errorMessage(error)}`;
    await engine.shutdown();
    clearInterval(capacityTimer);
    resolveFinished(snapshotOf(engine, capacity, stopReason));
  });
  engine.onMaxTuples(() => void stop(`max tuples reached (${options.maxTuples})`));

  return {
    topology,
    started,
    finished,
    snapshot: () => snapshotOf(engine, capacity, stopReason),
    stats: () => engine,
    isIdle: () => engine.isIdle(),
    stop,
  };
}
