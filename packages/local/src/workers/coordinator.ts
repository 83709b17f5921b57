import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { CONF_DEFAULTS, TwinstormError, type Topology } from '@twinstorm/core';
import { assignTaskIds, errorMessage } from '@twinstorm/core/runtime';
import { printError, printLog } from '../default-output.ts';
import { CapacityWindow, snapshotOf } from '../snapshot.ts';
import { isStrict } from '../strict/strict-option.ts';
import type { ComponentErrorEvent, LocalRun, LocalRunOptions, RecentError, RunSnapshot, RunState, WorkerExitEvent } from '../types.ts';
import { allocateDoorbells } from './doorbell.ts';
import { revivedError } from './errors.ts';
import { mergedStats, workerMetrics, type RunClock } from './merged-stats.ts';
import { CPU_LOAD_CONF, type Placement } from './placement.ts';
import type { FromWorker, WorkerReport, WorkerSetup } from './protocol.ts';
import { allocateRing, type RingMemory } from './ring.ts';
import { allocateTreeBudget, releaseThreadBudget } from './tree-budget.ts';
import { settledKey, TaskMover } from './task-mover.ts';
import { WorkerThread } from './worker-thread.ts';

/** Each ring between two threads (one per direction and pair) holds at most this many bytes... */
const MAX_RING_BYTES = 1 << 21;
/** ...and at least this many, all rings together about this much (8 threads: 56 rings of 1 MiB). */
const MIN_RING_BYTES = 1 << 18;
const ALL_RINGS_BYTES = 1 << 26;
/** How often each thread reports its counters (the live table and status read the latest reports). */
const REPORT_EVERY_MS = 50;
const CAPACITY_WINDOW_MS = 1000;
/** How long a shutting-down thread may take to close its tasks before it is terminated. */
const CLOSE_TIMEOUT_MS = 10_000;
/** Restart back-off: the first restart is immediate, quick repeats wait longer, up to this. */
const MAX_RESTART_DELAY_MS = 5_000;
const WORKER_ENTRY = new URL('./worker-main.ts', import.meta.url).href;

/**
 * Runs a topology on worker threads as placed: starts one supervised thread per group of tasks,
 * prepares every task before any spout is activated, merges the threads' reports into one RunSnapshot, detects when
 * every thread is quiet to end a drain, and restarts a thread that dies (its in-flight trees time out and replay).
 */
export function runOnWorkers(topology: Topology, options: LocalRunOptions, placement: Placement): LocalRun {
  const source = topology.spec.source;
  if (source === null) {
    throw new TwinstormError(
      'E_NOT_SUPPORTED',
      `running on ${placement.threads} worker threads (${placement.reason}) needs a topology loaded from its module (loadTopology, or the twinstorm CLI), so each thread can import it; topology "${topology.name}" was built in memory: load it from a module, or run it with workers: 1`,
    );
  }
  // Validates the command-line conf as the in-process engine does (and the placement reads it).
  const effective = options.conf === undefined ? topology : topology.withConf(options.conf);
  const conf = effective.spec.conf;
  const strict = isStrict(options.strict, conf);
  const timeoutSecs =
    typeof conf['topology.message.timeout.secs'] === 'number'
      ? conf['topology.message.timeout.secs']
      : CONF_DEFAULTS['topology.message.timeout.secs'];
  const maxTuples = options.maxTuples ?? Number.POSITIVE_INFINITY;
  if (Number.isFinite(maxTuples) && maxTuples > 2 ** 31 - 1) {
    throw new TwinstormError('E_NOT_SUPPORTED', `maxTuples above ${2 ** 31 - 1} is not supported with worker threads`);
  }
  const n = placement.threads;
  const ringBytes = ringSize(n);
  const rings: Array<Array<RingMemory | null>> = Array.from({ length: n }, (_, from) =>
    Array.from({ length: n }, (_, to) => (from === to ? null : allocateRing(ringBytes))),
  );
  const doorbells = allocateDoorbells(n);
  const budget = Number.isFinite(maxTuples) ? allocateTreeBudget(n) : null;
  const componentOf = new Map<number, string>();
  for (const [component, ids] of assignTaskIds(effective.spec)) for (const id of ids) componentOf.set(id, component);
  const heapMb = conf['topology.worker.max.heap.size.mb'];
  const resourceLimits = typeof heapMb === 'number' ? { maxOldGenerationSizeMb: heapMb } : undefined;

  let state: RunState = 'starting';
  const startedAt = performance.now();
  let activatedAt = 0;
  let stoppedAt = 0;
  let stopReason: string | undefined;
  const lastErrors: RecentError[] = [];
  const clock: RunClock = {
    topology,
    get state() {
      return state;
    },
    get startedAt() {
      return startedAt;
    },
    get activatedAt() {
      return activatedAt;
    },
    get stoppedAt() {
      return stoppedAt;
    },
    now: () => performance.now(),
    lastErrors,
  };

  const onError = options.onError ?? printError;
  const onLog = options.onLog ?? printLog;
  const onWorkerExit = options.onWorkerExit ?? printWorkerExit;
  /** Waiters for a lifecycle step of every thread (prepared, activated): resolved per thread, rejected on a failure. */
  let phase: { type: 'prepared' | 'activated'; waiting: Set<WorkerThread>; done: () => void; fail: (e: Error) => void } | null = null;
  const closed = new Map<WorkerThread, () => void>();
  let stopping: Promise<RunSnapshot> | null = null;
  /** closeAll has begun: no thread is started any more. */
  let closing = false;

  const mover = new TaskMover(
    {
      get threads() {
        return threads;
      },
      wave: () => wave(),
      stats: () => stats(),
      running: () => state === 'running',
    },
    placement.threadOf,
    componentOf,
    pinnedTasks(effective, componentOf),
    placement.adaptive === true,
  );
  const threads: WorkerThread[] = placement.tasksOf.map(
    (_, index) =>
      new WorkerThread(
        index,
        mover.labelsOf(index),
        (incarnation, join): WorkerSetup => ({
          entry: WORKER_ENTRY,
          module: source.module,
          exportName: source.export,
          conf: options.conf,
          componentsJson: JSON.stringify(topology.spec.components),
          thread: index,
          threads: n,
          incarnation,
          tasks: mover.tasksOf(index),
          threadOf: [...mover.threadOf],
          rings,
          doorbells,
          budget,
          maxTuples: Number.isFinite(maxTuples) ? maxTuples : 0,
          join,
          reportEveryMs: REPORT_EVERY_MS,
          strict,
        }),
        { message: onMessage, died: onDied },
        resourceLimits,
      ),
  );

  function onMessage(thread: WorkerThread, message: FromWorker): void {
    switch (message.type) {
      case 'prepared':
      case 'activated':
        if (message.type === 'activated') thread.state = state === 'starting' ? 'starting' : 'running';
        if (phase?.type === message.type && phase.waiting.delete(thread) && phase.waiting.size === 0) phase.done();
        if (message.type === 'activated' && state !== 'starting') thread.state = 'running';
        return;
      case 'start-failed':
        if (phase !== null) phase.fail(revivedError(message.error));
        else {
          // A restarted thread could not prepare its tasks: report it and try again later.
          thread.closing();
          void thread.terminate().then(() => restartLater(thread, `restart failed: ${message.error.message}`));
        }
        return;
      case 'error': {
        const e = message.event;
        const event: ComponentErrorEvent = {
          component: e.component,
          task: e.task,
          stream: e.stream,
          message: e.message,
          time: e.time,
          error: revivedError(e.error),
        };
        lastErrors.push({ component: e.component, task: e.task, message: e.message, time: e.time });
        if (lastErrors.length > 20) lastErrors.shift();
        onError(event);
        return;
      }
      case 'log':
        onLog(message.event);
        return;
      case 'max-tuples':
        void stop(`max tuples reached (${maxTuples})`);
        return;
      case 'closed':
        closed.get(thread)?.();
        return;
      case 'placed':
        mover.placed(thread, message.released);
        return;
      case 'report':
      case 'exiting':
        return;
    }
  }

  let restartsInWindow: number[] = [];

  function onDied(thread: WorkerThread, reason: string): void {
    if (state === 'starting' || phase !== null) {
      phase?.fail(
        new TwinstormError('E_LIFECYCLE', `worker thread ${thread.index} (${thread.labels.join(', ')}) died while starting: ${reason}`),
      );
      return;
    }
    if (state === 'stopped' || closed.has(thread)) {
      thread.state = 'stopped';
      closed.get(thread)?.();
      return;
    }
    restartLater(thread, reason);
  }

  /** Supervision: the thread's pending trees are lost (they time out in the spouts' threads and replay there). */
  function restartLater(thread: WorkerThread, reason: string): void {
    thread.retire();
    thread.restarts++;
    thread.lastExit = reason;
    thread.state = 'restarting';
    if (budget !== null) releaseThreadBudget(budget, thread.index);
    onWorkerExit({ worker: thread.index, tasks: [...thread.labels], reason, restarts: thread.restarts, time: Date.now() });
    const now = performance.now();
    restartsInWindow = restartsInWindow.filter((t) => now - t < 10_000);
    const wait = restartsInWindow.length === 0 ? 0 : Math.min(MAX_RESTART_DELAY_MS, 100 * 2 ** (restartsInWindow.length - 1));
    restartsInWindow.push(now);
    setTimeout(() => {
      // Not once the run closes its threads (a thread started now would outlive the run).
      if (closing || state === 'stopped') return;
      thread.spawn(state === 'running' ? 'running' : 'draining');
    }, wait).unref();
  }

  /** Runs a lifecycle step on every thread and waits for each to confirm it. */
  function all(type: 'prepared' | 'activated', start: () => void): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      phase = { type, waiting: new Set(threads), done: resolve, fail: reject };
      start();
    }).finally(() => {
      phase = null;
    });
  }

  const capacity = new CapacityWindow();
  const stats = () => mergedStats(clock, threads);
  const timer = setInterval(() => {
    for (const t of threads) t.sampleCpu();
    capacity.sample(stats());
    mover.sample();
  }, CAPACITY_WINDOW_MS);
  timer.unref();
  capacity.sample(stats());

  let resolveFinished: (snapshot: RunSnapshot) => void = () => undefined;
  const finished = new Promise<RunSnapshot>((resolve) => {
    resolveFinished = resolve;
  });

  const snapshot = (): RunSnapshot => {
    const s = snapshotOf(stats(), capacity, stopReason);
    s.workers = workerMetrics(threads);
    s.placement = { tasks: mover.placement(stats()), moves: [...mover.moves] };
    return s;
  };

  const started = (async () => {
    await all('prepared', () => threads.forEach((t) => t.spawn('wait')));
    await all('activated', () => threads.forEach((t) => t.post({ type: 'activate' })));
    state = 'running';
    activatedAt = performance.now();
    for (const t of threads) t.state = 'running';
  })();
  started.catch(async (error: unknown) => {
    stopReason = `start failed: ${errorMessage(error)}`;
    await Promise.all(threads.map((t) => t.terminate()));
    finish();
  });

  function finish(): RunSnapshot {
    state = 'stopped';
    stoppedAt = performance.now();
    clearInterval(timer);
    for (const t of threads) t.state = 'stopped';
    capacity.sampleWholeRun(stats());
    const s = snapshot();
    resolveFinished(s);
    return s;
  }

  /** Asks every thread for a report and waits for the answers (or for a thread to end). */
  async function wave(): Promise<Array<WorkerReport | null>> {
    const answers = threads.map((t) => t.nextReport(500));
    for (const t of threads) t.post({ type: 'report' });
    await Promise.all(answers);
    return threads.map((t) => (t.worker === null ? null : t.latest));
  }

  /**
   * Deactivates every spout and waits until every thread is quiet with nothing in the rings: the four-counter check,
   * two waves in a row with every thread quiet and equal sums of chunks published and consumed (the counters live in
   * the rings' shared memory, so a thread's restart does not reset them).
   */
  async function drain(timeoutMs: number): Promise<boolean> {
    state = 'draining';
    for (const t of threads) t.post({ type: 'deactivate' });
    const deadline = performance.now() + timeoutMs;
    let previous: string | null = null;
    for (;;) {
      const reports = await wave();
      const key = settledKey(reports, (r) => r.quiet && r.state === 'draining');
      if (key !== null && key === previous) return true;
      previous = key;
      if (performance.now() > deadline) return false;
      if (key === null) await delay(5);
    }
  }

  /** Closes every thread's tasks (spouts close, bolts clean up), collects its last report, then ends it. */
  async function closeAll(): Promise<void> {
    closing = true;
    await Promise.all(
      threads.map(async (t) => {
        if (t.worker === null) return;
        const done = new Promise<void>((resolve) => closed.set(t, resolve));
        t.closing();
        t.post({ type: 'shutdown' });
        await Promise.race([done, delay(CLOSE_TIMEOUT_MS)]);
        await t.terminate();
      }),
    );
  }

  const stop = (reason = 'stopped'): Promise<RunSnapshot> => {
    stopping ??= (async () => {
      const ok = await started.then(
        () => true,
        () => false,
      );
      if (!ok) return finished;
      stopReason = reason;
      await mover.settled();
      const drainMs = options.drainTimeoutMs ?? 2 * timeoutSecs * 1000;
      const complete = await drain(drainMs);
      if (!complete) stopReason = `${reason} (drain timed out after ${drainMs} ms with ${stats().treesPending} tree(s) pending)`;
      await closeAll();
      return finish();
    })();
    return stopping;
  };

  /** Idle: every thread's last two reports say idle with the same counters, and the rings are empty. */
  const isIdle = (): boolean => {
    if (state !== 'running') return false;
    let published = 0;
    let consumed = 0;
    for (const t of threads) {
      const a = t.latest;
      const b = t.previous;
      if (a === null || b === null || !a.idle || !b.idle) return false;
      if (a.chunksPublished !== b.chunksPublished || a.chunksConsumed !== b.chunksConsumed) return false;
      published += a.chunksPublished;
      consumed += a.chunksConsumed;
    }
    return published === consumed;
  };

  return { topology, started, finished, snapshot, stats, isIdle, stop, placement: { threads: n, reason: placement.reason } };
}

/** Tasks adaptive placement never moves, and why: spouts (they own their trees), and tasks of components declaring a load. */
function pinnedTasks(topology: Topology, componentOf: ReadonlyMap<number, string>): Map<number, string> {
  const spec = topology.spec;
  const byId = new Map(spec.components.map((c) => [c.id, c]));
  const pinned = new Map<number, string>();
  for (const [task, id] of componentOf) {
    const c = byId.get(id);
    if (c === undefined) continue; // Storm's acker tasks: the local engine does not run them
    if (c.kind === 'spout') pinned.set(task, 'spout');
    else if ((c.conf[CPU_LOAD_CONF] ?? spec.conf[CPU_LOAD_CONF]) !== undefined) pinned.set(task, `declares ${CPU_LOAD_CONF}`);
  }
  return pinned;
}

/** The bytes of each ring for `threads` threads: a power of two, MIN..MAX, about ALL_RINGS_BYTES together. */
function ringSize(threads: number): number {
  let size = MAX_RING_BYTES;
  while (size > MIN_RING_BYTES && size * threads * (threads - 1) > ALL_RINGS_BYTES) size /= 2;
  return size;
}

function printWorkerExit(event: WorkerExitEvent): void {
  process.stderr.write(
    `twinstorm: worker thread ${event.worker} (${event.tasks.join(', ')}) died: ${event.reason}; restarting it (restart ${event.restarts})\n`,
  );
}
