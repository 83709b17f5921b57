// One configuration of bench/workers.ts in its own process, so peak RSS and CPU belong to that run alone:
//   node --import tsx bench/workers-child.ts '<WorkersTask as JSON>'
// It loads the topology from its module (worker threads import it too), runs warm-up + measured spout tuples as one run
// (a worker thread's JIT only warms up inside the run), and times the measured part: from the moment the warm-up
// tuples are acked to the moment the last tuple is acked. Prints one JSON line (WorkersFigures) on stdout.
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadTopology, runLocal, type LocalRun } from '@twinstorm/local';
import type { ConfValue } from '@twinstorm/core';

/** What one child runs. */
export interface WorkersTask {
  topology: 'cpu' | 'cpu-fields' | 'wordcount' | 'user-activity';
  workers: number;
  /** Declare every task heavy, so the placement spreads it (how word count is forced onto two threads). */
  spread: boolean;
  warmup: number;
  measured: number;
  /** cpu topology: rounds of work per tuple (calibrated once by the parent). */
  rounds?: number;
  /** user-activity: µs of extra CPU per event in the scorer (useractivity.scorer.extra.us). */
  scorerExtraUs?: number;
}

/** What one child measured. */
export interface WorkersFigures {
  tuplesPerSec: number;
  measuredSec: number;
  /** User + system CPU of the whole process (every thread) per spout tuple, over the measured window. */
  cpuUsPerTuple: number;
  /** Peak RSS of the process (main thread and worker threads): process.resourceUsage().maxRSS. */
  rssMb: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  /** Worker threads the run used (0: the in-process engine). */
  threads: number;
  /** Tasks adaptive placement moved during the run. */
  moves: number;
  /** user-activity: the alerts raised, and a digest of them sorted (equal digests: the same alerts). */
  alerts?: number;
  alertsDigest?: string;
}

const CPU_MODULE = new URL('./workers-cpu-topology.ts', import.meta.url).pathname;
const USER_ACTIVITY_MODULE = new URL('../examples/user-activity/topology.ts', import.meta.url).pathname;
const MODULES: Record<WorkersTask['topology'], [string, string]> = {
  cpu: [CPU_MODULE, 'default'],
  'cpu-fields': [CPU_MODULE, 'fields'],
  wordcount: [new URL('../examples/wordcount/topology.ts', import.meta.url).pathname, 'default'],
  'user-activity': [USER_ACTIVITY_MODULE, 'default'],
};

const task = JSON.parse(process.argv[2] ?? '') as WorkersTask;
process.stdout.write(`${JSON.stringify(await measure(task))}\n`);
process.exit(0);

async function measure(t: WorkersTask): Promise<WorkersFigures> {
  const conf: Record<string, ConfValue> = {};
  // The bench measures adaptive placement, which is opt-in: every row turns it on.
  conf['twinstorm.local.adaptive.placement'] = true;
  if (t.spread) conf['topology.component.cpu.pcore.percent'] = 100;
  if (t.rounds !== undefined) conf['workers.bench.work.rounds'] = t.rounds;
  const total = t.warmup + t.measured;
  const out = t.topology === 'user-activity' ? mkdtempSync(join(tmpdir(), 'twinstorm-bench-ua-')) : null;
  if (out !== null) {
    conf['useractivity.events'] = total;
    conf['useractivity.scorer.extra.us'] = t.scorerExtraUs ?? 0;
    conf['useractivity.alerts.path'] = join(out, 'alerts.jsonl');
    conf['useractivity.saved.path'] = join(out, 'activity.jsonl');
  }
  const [module, exportName] = MODULES[t.topology];
  const topology = await loadTopology(module, exportName);
  const run = runLocal(topology, { workers: t.workers, maxTuples: total, conf });
  await run.started;
  const start = await firstAt(run, t.warmup);
  const cpu = process.cpuUsage();
  const summary = await run.finished;
  const end = performance.now();
  const used = process.cpuUsage(cpu);
  const s = summary.spoutTuples;
  if (s.acked !== total || summary.lastErrors.length > 0) {
    throw new Error(
      `${t.topology} workers ${t.workers}: ${s.acked} of ${total} acked, errors: ${summary.lastErrors.map((e) => e.message).join('; ')}`,
    );
  }
  // Acked tuples the window saw: the warm-up mark is read from a snapshot, so count from what that snapshot said.
  const tuples = total - start.acked;
  const seconds = (end - start.at) / 1000;
  return {
    tuplesPerSec: Math.round(tuples / seconds),
    measuredSec: round3(seconds),
    cpuUsPerTuple: round3((used.user + used.system) / tuples),
    rssMb: Math.round((process.resourceUsage().maxRSS / 1024) * 10) / 10,
    latencyP50Ms: summary.completeLatencyMs.p50,
    latencyP99Ms: summary.completeLatencyMs.p99,
    threads: summary.workers?.length ?? 0,
    moves: summary.placement?.moves.length ?? 0,
    ...(out === null ? {} : alertsOf(out)),
  };
}

/**
 * Polls the snapshot until `acked` trees are acked; returns when, and how many were acked by then. With worker threads
 * the count comes from reports a few tens of ms apart, so the mark is taken when a new report has just changed it.
 */
async function firstAt(run: LocalRun, acked: number): Promise<{ at: number; acked: number }> {
  let previous = -1;
  for (;;) {
    const now = run.snapshot().spoutTuples.acked;
    if (now >= acked && now !== previous && previous !== -1) return { at: performance.now(), acked: now };
    previous = now;
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

/** The alerts the run wrote (every alert bolt task's file), sorted, counted and digested; the folder is removed. */
function alertsOf(dir: string): { alerts: number; alertsDigest: string } {
  const lines = readdirSync(dir)
    .filter((f) => f.startsWith('alerts'))
    .flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n'))
    .filter((l) => l !== '')
    .sort();
  rmSync(dir, { recursive: true, force: true });
  return { alerts: lines.length, alertsDigest: createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 16) };
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
