// The pipeline part of `pnpm bench` (issue 13): Kafka → engine → PostgreSQL end to end, measured by
// bench/pipeline/throughput.ts in a child process per runtime, judged against the ≥ 20,000 events/s goal, rendered for
// BENCHMARKS.md and stdout.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import type { ClusterOptions } from '@twinstorm/cluster';
import { errorMessage } from '@twinstorm/core/runtime';
import { withStormCluster } from '../storm-cluster.ts';
import type { Goal } from '../types.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const THROUGHPUT = path.join(ROOT, 'bench', 'pipeline', 'throughput.ts');

/** The local engine's end-to-end goal (issue 13). */
export const PIPELINE_GOAL_EVENTS_PER_SEC = 20_000;

/** What throughput.ts prints for one runtime. */
export interface PipelineFigures {
  runtime: 'local' | 'storm';
  events: number;
  eventsPerSec: number;
  totalEventsPerSec: number;
  windowSeconds: number;
  cores: number;
  cpuSharePercent: { kafka: number; postgres: number; engine: number };
  loadAverage: number[];
}

/** The pipeline part of a report: when it ran and each runtime's figures (or why not). */
export interface PipelineReport {
  date: string;
  runs: Record<'local' | 'storm', PipelineFigures | { skipped: string }>;
}

const isFigures = (r: PipelineFigures | { skipped: string } | undefined): r is PipelineFigures => r !== undefined && !('skipped' in r);

type Outcome = PipelineFigures | { skipped: string };

/** The longest a throughput.ts run may take (it stops itself at --timeout; this is the backstop). */
const RUN_TIMEOUT_S = 1500;

/**
 * One throughput.ts run in a child process, its progress lines passed on; a failure is returned as skipped, with the
 * child's last stderr lines. SIGINT/SIGTERM of the bench are passed to the child, which then kills its Storm topology.
 */
async function runOne(
  runtime: 'local' | 'storm',
  events: number,
  env: Record<string, string>,
  progress: (line: string) => void,
): Promise<Outcome> {
  progress(`pipeline (${runtime}): ${events} events Kafka → ${runtime} → PostgreSQL on private services…`);
  const child = execa(
    process.execPath,
    ['--import', 'tsx', THROUGHPUT, '--runtime', runtime, '--events', String(events), '--timeout', String(RUN_TIMEOUT_S - 60)],
    { cwd: ROOT, env, reject: false, stderr: 'pipe', timeout: RUN_TIMEOUT_S * 1000, killSignal: 'SIGTERM', forceKillAfterDelay: 60_000 },
  );
  const forward = (signal: NodeJS.Signals): void => void child.kill(signal);
  process.on('SIGINT', forward).on('SIGTERM', forward);
  let partial = '';
  child.stderr.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString('utf8')).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) if (line.startsWith(`[${runtime}]`)) progress(`pipeline ${line}`);
  });
  const r = await child.finally(() => process.off('SIGINT', forward).off('SIGTERM', forward));
  const last = r.stdout.trim().split('\n').at(-1) ?? '';
  if (r.exitCode !== 0 || !last.startsWith('{')) {
    const skipped = `throughput.ts --runtime ${runtime} failed: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`;
    progress(`pipeline (${runtime}): ${skipped}`);
    return { skipped };
  }
  const figures = JSON.parse(last) as PipelineFigures;
  progress(`pipeline (${runtime}): ${figures.eventsPerSec} events/s, CPU share ${JSON.stringify(figures.cpuSharePercent)} %`);
  return figures;
}

/** The local engine's run, then Storm's on the loopback cluster (started and stopped here unless one already runs). */
export async function runPipelineBench(
  events: { local: number; storm: number },
  cluster: ClusterOptions,
  progress: (line: string) => void,
): Promise<PipelineReport> {
  const local = await runOne('local', events.local, {}, progress);
  let storm: Outcome = { skipped: 'the Storm cluster did not start' };
  try {
    await withStormCluster(progress, cluster, async (session) => {
      storm = await runOne('storm', events.storm, { TWINSTORM_NIMBUS: session.nimbus }, progress);
    });
  } catch (e) {
    storm = { skipped: `Storm could not run: ${errorMessage(e).split('\n')[0] ?? ''}` };
  }
  return { date: new Date().toISOString(), runs: { local, storm } };
}

/** The goal row of the local figure. */
export function pipelineGoal(p: PipelineReport | undefined): Goal {
  const goal = `pipeline Kafka → local engine → PostgreSQL ≥ ${PIPELINE_GOAL_EVENTS_PER_SEC.toLocaleString('en-US')} events/s (issue 13)`;
  const local = p?.runs.local;
  if (!isFigures(local)) return { goal, figure: null, status: 'not measured', note: local?.skipped ?? 'pipeline part not run' };
  return {
    goal,
    figure: `${local.eventsPerSec.toLocaleString('en-US')} events/s`,
    status: local.eventsPerSec >= PIPELINE_GOAL_EVENTS_PER_SEC ? 'met' : 'not met',
  };
}

function rows(p: PipelineReport): string[][] {
  return (['local', 'storm'] as const).map((runtime) => {
    const f = p.runs[runtime];
    if (!isFigures(f)) return [runtime, `_${f.skipped}_`, '—', '—', '—', '—', '—'];
    const c = f.cpuSharePercent;
    return [
      runtime,
      f.eventsPerSec.toLocaleString('en-US'),
      f.totalEventsPerSec.toLocaleString('en-US'),
      `${f.windowSeconds} s`,
      `${c.kafka} % / ${c.postgres} % / ${c.engine} %`,
      f.loadAverage.join(', '),
      String(f.events),
    ];
  });
}

const HEAD = [
  'runtime',
  'events/s',
  'incl. start + end',
  'window',
  `CPU share of the cores: broker / database / engine`,
  'load avg',
  'events',
];

/** The BENCHMARKS.md section (one line when the part did not run). */
export function pipelineSection(p: PipelineReport | undefined, table: (head: string[], rows: string[][]) => string): string[] {
  const title = '## Pipeline: Kafka → engine → PostgreSQL (examples/user-activity)';
  if (p === undefined) return [title, '', 'Not run in this run (`pnpm bench --pipeline-only` runs it alone).', ''];
  return [
    title,
    '',
    `Measured ${p.date.slice(0, 16).replace('T', ' ')} UTC by \`node --import tsx bench/pipeline/throughput.ts --runtime local|storm\`:` +
      ' the generator’s events loaded once into a topic of a private Kafka broker, the example run with' +
      ' `useractivity.source=kafka`, `useractivity.sink=postgres` on a fresh consumer group and schema, rows counted every 250 ms.' +
      ' **events/s** is rows stored from the first row to the last; the next column counts from the start (Storm: submit and' +
      ' packaging included) to the end. CPU is user + system time of each process tree in that window over the cores' +
      ' (broker JVM; postmaster and its backends; the engine: `twinstorm run`, or on Storm the worker JVM and its node children —' +
      ' Storm’s daemons are not counted). Broker, database and engine share this machine with each other (and with other users' +
      ' when it is shared).',
    '',
    table(HEAD, rows(p)),
    '',
  ];
}

/** The stdout lines. */
export function pipelineText(p: PipelineReport | undefined, align: (rows: string[][]) => string): string[] {
  if (p === undefined) return ['', 'pipeline Kafka → engine → PostgreSQL: not run (pnpm bench --pipeline-only)'];
  return ['', 'pipeline Kafka → engine → PostgreSQL (events in Postgres per second):', align([HEAD, ...rows(p)]).replace(/^/gm, '  ')];
}
