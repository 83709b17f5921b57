// The module every worker thread runs (imported by bootstrap.js once tsx is registered): it loads the topology module,
// builds an engine for this thread's tasks linked to the other threads, and follows the coordinator's lifecycle.
import { parentPort, workerData } from 'node:worker_threads';
import { TwinstormError } from '@twinstorm/core';
import type { BoltExecutor } from '../bolt-executor.ts';
import { BOLT_COUNTERS, copyCounters, SPOUT_COUNTERS } from '../counters.ts';
import { Engine } from '../engine.ts';
import { loadTopology } from '../load-topology.ts';
import type { ComponentErrorEvent, ComponentLogEvent } from '../types.ts';
import { numberedSchemas } from '../wiring.ts';
import { sendableError } from './errors.ts';
import type { BoltReport, FromWorker, ToWorker, WorkerReport, WorkerSetup } from './protocol.ts';
import { stateFingerprint } from './state-probe.ts';
import { SharedTreeBudget } from './tree-budget.ts';
import { Transport } from './transport.ts';

const setup = workerData as WorkerSetup;
const port = parentPort!;
const post = (message: FromWorker): void => port.postMessage(message);

// process.exit in a component ends this thread (not the process): say so first, so the restart names the reason.
// (Node's own handler of an uncaught error exits through it too; the coordinator gets that error as it is.)
const exit = process.exit.bind(process);
process.exit = (code?: number | string | null): never => {
  const stack = new Error('process.exit').stack ?? '';
  const n = Number(code ?? process.exitCode ?? 0);
  postLastReport();
  if (!stack.includes('UncaughtException')) post({ type: 'exiting', code: Number.isFinite(n) ? n : 1, stack });
  return exit(code);
};

let seq = 0;
let paused = false;
/** Each bolt's fingerprint right after prepare (null: cannot be read, taken to hold state). */
const prepared = new Map<BoltExecutor, string | null>();
/** Bolts seen holding state: they never move (a new instance on another thread would lose it). */
const holding = new Set<number>();
/** Reports between state checks while running (a paused thread checks at every report, before a move). */
const CHECK_EVERY = 20;

// Assigned below; a failed start never gets past the catch (it waits for the coordinator to end the thread).
let engine!: Engine;
let transport!: Transport;
try {
  const topology = await loadTopology(setup.module, setup.exportName);
  if (JSON.stringify(topology.spec.components) !== setup.componentsJson) {
    const given = JSON.parse(setup.componentsJson) as Array<{ id: string }>;
    const differ = given.filter((c, i) => JSON.stringify(c) !== JSON.stringify(topology.spec.components[i])).map((c) => c.id);
    throw new TwinstormError(
      'E_INVALID_SPEC',
      `${setup.module} builds another topology in worker thread ${setup.thread} than the run was given (components differing: ${differ.join(', ') || 'their number'}): a topology module must build the same topology every time it is imported, and classes replaced after loading (--isolate) cannot reach worker threads`,
    );
  }
  const budget =
    setup.budget === null ? null : new SharedTreeBudget(setup.budget, setup.thread, setup.maxTuples, () => post({ type: 'max-tuples' }));
  transport = new Transport({
    thread: setup.thread,
    threads: setup.threads,
    incarnation: setup.incarnation,
    tasks: new Set(setup.tasks),
    threadOf: setup.threadOf,
    rings: setup.rings,
    doorbells: setup.doorbells,
    schemas: numberedSchemas(topology.spec),
    treeBudget: budget,
    freezeValues: setup.strict,
  });
  const options = {
    onError: (e: ComponentErrorEvent) =>
      post({
        type: 'error',
        event: { component: e.component, task: e.task, stream: e.stream, message: e.message, time: e.time, error: sendableError(e.error) },
      }),
    onLog: (event: ComponentLogEvent) => post({ type: 'log', event }),
    strict: setup.strict,
  };
  engine = new Engine(topology, setup.conf === undefined ? options : { ...options, conf: setup.conf }, transport);
  await engine.prepare();
  for (const b of engine.bolts) fingerprintAfterPrepare(b);
} catch (error) {
  post({ type: 'start-failed', error: sendableError(error) });
  await new Promise(() => undefined); // the coordinator ends this thread
}

function fingerprintAfterPrepare(b: BoltExecutor): void {
  prepared.set(b, stateFingerprint(b.bolt));
}

function holdsState(b: BoltExecutor): boolean {
  if (holding.has(b.taskId)) return true;
  if (!paused && seq % CHECK_EVERY !== 0) return false;
  const before = prepared.get(b);
  // Not prepared yet (a task arriving by a move reports while its prepare runs): nothing learned yet.
  if (before === undefined) return false;
  if (before === null || stateFingerprint(b.bolt) !== before) holding.add(b.taskId);
  return holding.has(b.taskId);
}

function boltReport(b: BoltExecutor): BoltReport {
  const fastestUs = Number.isFinite(b.fastestMs) ? b.fastestMs * 1000 : 0;
  b.fastestMs = Number.POSITIVE_INFINITY;
  return {
    taskId: b.taskId,
    componentId: b.componentId,
    queued: b.queued,
    holdsState: holdsState(b),
    fastestUs,
    ...copyCounters(BOLT_COUNTERS, b),
  };
}

/** Runs the placement every thread was given (this one paused and still), then reports the tasks that left. */
async function place(threadOf: number[]): Promise<void> {
  transport.retarget(threadOf);
  const left = await engine.replace(transport.tasks);
  for (const b of engine.bolts) if (!prepared.has(b)) fingerprintAfterPrepare(b);
  for (const b of left) prepared.delete(b);
  post({ type: 'placed', released: left.map(boltReport) });
}

/** This thread's counters, state and quiet flags, as the coordinator merges them. */
function report(): WorkerReport {
  const chunks = transport.chunkTotals();
  return {
    seq: ++seq,
    state: engine.state,
    bolts: engine.bolts.map(boltReport),
    spouts: engine.spouts.map((s) => ({
      taskId: s.taskId,
      componentId: s.componentId,
      latency: s.completeLatency.toSparse(),
      ...copyCounters(SPOUT_COUNTERS, s),
    })),
    treesPending: engine.treesPending,
    userMetrics: engine.userMetrics,
    queued: engine.queued,
    quiet: engine.isQuiet(),
    idle: engine.isIdle(),
    still: paused && engine.isStill(),
    sent: [...transport.sent],
    received: [...transport.received],
    chunksPublished: chunks.published,
    chunksConsumed: chunks.consumed,
    backlog: transport.backlog,
    inboundBytes: transport.inboundBytes,
  };
}

/**
 * A dying thread's counters as they are now, so the trees its spouts started since the last report are counted (and
 * abandoned) instead of lost; nothing when it dies before its engine was built.
 */
function postLastReport(): void {
  try {
    post({ type: 'report', report: report() });
  } catch {
    // Still loading: there are no counters yet.
  }
}

const reporter = setInterval(() => post({ type: 'report', report: report() }), setup.reportEveryMs);
reporter.unref();

async function activate(): Promise<void> {
  try {
    await engine.activate();
  } catch (error) {
    post({ type: 'start-failed', error: sendableError(error) });
    return;
  }
  post({ type: 'activated' });
}

port.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'activate':
      void activate();
      return;
    case 'deactivate':
      void engine.deactivate();
      return;
    case 'report':
      post({ type: 'report', report: report() });
      return;
    case 'pause':
      paused = true;
      engine.pause();
      return;
    case 'place':
      place(message.threadOf).catch((error: unknown) => post({ type: 'start-failed', error: sendableError(error) }));
      return;
    case 'resume':
      paused = false;
      engine.resume();
      return;
    case 'shutdown':
      clearInterval(reporter);
      void engine.shutdown().then(() => post({ type: 'closed', report: report() }));
      return;
  }
});

post({ type: 'prepared' });
if (setup.join !== 'wait') {
  await activate();
  if (setup.join === 'draining') await engine.deactivate();
}
