// `pnpm bench`: every benchmark scenario this checkout can run, side by side in one run — the local ones each in its own
// child process (bench/child.ts), the Storm ones on the loopback cluster, started and stopped here unless it already
// runs (bench/storm-run.ts); writes bench/results/latest.json and regenerates bench/results/chart.svg and
// BENCHMARKS.md from it. Progress goes to stderr, the final table to stdout. `pnpm bench --help` for the options.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { execa } from 'execa';
import * as prettier from 'prettier';
import { computeGoals, computeRatios, memoryFlat, timeLinear } from './goals.ts';
import { CHART_PATH, JSON_PATH, renderChart, renderMarkdown, renderText } from './report.ts';
import { pipelineGoal, runPipelineBench, type PipelineReport } from './pipeline/report-part.ts';
import { RUNNABLE, SCENARIOS } from './scenarios.ts';
import { stormScenarioResult } from './storm-results.ts';
import { benchClusterOptions } from './storm-cluster.ts';
import { runStormScenarios, type StormOutcome } from './storm-run.ts';
import { STORM_SCENARIOS, type StormScenario } from './storm/topologies.ts';
import type {
  AdapterSummary,
  BenchReport,
  ChildTask,
  RunFigures,
  RunnableScenario,
  ScalingFigures,
  ScenarioResult,
  SkippedScenario,
  StormSettings,
} from './types.ts';
import { workloadInfo } from './workload.ts';
import { errorMessage } from '@twinstorm/core/runtime';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CHILD = path.join(ROOT, 'bench', 'child.ts');

const USAGE = `usage: pnpm bench [--quick | --storm-only | --pipeline-only] [options]

  (no flag)          everything: the local scenarios, scaling, the adapter micro-benchmark, the Storm scenarios
                     on the loopback cluster (started and stopped by the bench unless one already runs), then the
                     pipeline Kafka → engine → PostgreSQL on the local engine and on Storm (private Kafka/PostgreSQL)
  --quick            the local scenarios alone, 3 runs each, scaling 1e5 and 1e6 (under a minute)
  --storm-only       the Storm scenarios alone (no local scenarios, scaling or adapter run)
  --pipeline-only    the pipeline part alone (about 5 minutes), merged into bench/results/latest.json: the other
                     figures there are kept as they were measured
  --pipeline-events N  events of the pipeline part (default 200000)
  --pipeline-storm-events N  events of its Storm run (default 20000: Storm's multilang pipeline stores a few hundred
                     events/s on this machine, 200000 would take 15+ minutes; events/s does not depend on the count)
  --runs N           runs per local scenario (default 3 with --quick, else 5); the median is kept
  --sentences N      sentences in each measured window (default 500000 with --quick, else 2000000)
  --warmup N         sentences of warm-up before each measured window (default 200000 with --quick, else 500000)
  --scaling LIST     spout tuples of the scaling run, comma-separated (default 1e5,1e6 with --quick, else 1e5,1e6,1e7)
  --storm-scenarios LIST  the Storm scenarios to run, comma-separated (default all: ${STORM_SCENARIOS.join(',')})
  --storm-runs N     runs per Storm scenario (default 1); the median is kept
  --storm-warmup S   seconds of warm-up after a Storm topology's first acked sentence (default 30)
  --storm-window S   seconds of each Storm measured window (default 60)
  --storm-samples N  status reads inside each Storm window besides its two ends (default 1; each starts a JVM)
  --storm-sample-rate R  topology.stats.sample.rate of the Storm scenarios (default 0.05, Storm's own default; 1.0
                     counts every tuple exactly but makes Storm recompute bolt capacity on every tuple)
  --storm-dir DIR    the loopback cluster's state directory (default: the one \`twinstorm storm up\` uses)
  --storm-port-offset K  add K to every port of that cluster (ZooKeeper, Nimbus, Supervisor, slots; default 0):
                     with --storm-dir, a private cluster beside a running one
  --render           run nothing: regenerate the chart and BENCHMARKS.md from bench/results/latest.json
  --help             this text`;

const { values: args } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    quick: { type: 'boolean', default: false },
    'storm-only': { type: 'boolean', default: false },
    'pipeline-only': { type: 'boolean', default: false },
    'pipeline-events': { type: 'string' },
    'pipeline-storm-events': { type: 'string' },
    'storm-scenarios': { type: 'string' },
    'storm-runs': { type: 'string' },
    'storm-warmup': { type: 'string' },
    'storm-window': { type: 'string' },
    'storm-samples': { type: 'string' },
    'storm-sample-rate': { type: 'string' },
    'storm-dir': { type: 'string' },
    'storm-port-offset': { type: 'string' },
    runs: { type: 'string' },
    sentences: { type: 'string' },
    warmup: { type: 'string' },
    scaling: { type: 'string' },
    render: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
if (args.render) {
  const saved = JSON.parse(await readFile(path.join(ROOT, JSON_PATH), 'utf8')) as BenchReport;
  await writeOutputs(saved);
  console.log(renderText(saved));
  process.exit(0);
}

const quick = args.quick;
const stormOnly = args['storm-only'];
if ([quick, stormOnly, args['pipeline-only']].filter(Boolean).length > 1) {
  console.error(`--quick, --storm-only and --pipeline-only exclude each other\n\n${USAGE}`);
  process.exit(2);
}
const pipelineEvents = {
  local: count('pipeline-events', args['pipeline-events'], 200_000),
  storm: count('pipeline-storm-events', args['pipeline-storm-events'], 20_000),
};
if (args['pipeline-only']) {
  const pipeline = await runPipelineBench(
    pipelineEvents,
    benchClusterOptions(args['storm-dir'], count('storm-port-offset', args['storm-port-offset'], 0, true)),
    progress,
  );
  const saved = JSON.parse(await readFile(path.join(ROOT, JSON_PATH), 'utf8').catch(() => 'null')) as BenchReport | null;
  if (saved === null) {
    console.error(`--pipeline-only merges into ${JSON_PATH}, which does not exist: run \`pnpm bench\` first`);
    process.exit(1);
  }
  const goal = pipelineGoal(pipeline);
  const merged: BenchReport = { ...saved, pipeline, goals: [...saved.goals.filter((g) => !g.goal.startsWith('pipeline ')), goal] };
  await writeAtomic(JSON_PATH, `${JSON.stringify(merged, null, 2)}\n`);
  await writeOutputs(merged);
  console.log(renderText(merged));
  process.exit(0);
}
const runLocalScenarios = !stormOnly;
const runStorm = !quick;
const mode: BenchReport['mode'] = quick ? 'quick' : stormOnly ? 'storm-only' : 'full';
const stormRuns = count('storm-runs', args['storm-runs'], 1);
const stormScenarios = (args['storm-scenarios']?.split(',') ?? [...STORM_SCENARIOS]).map((name) => {
  const known = STORM_SCENARIOS.find((s) => s === name.trim());
  if (known === undefined) {
    console.error(`--storm-scenarios: unknown scenario "${name}" (known: ${STORM_SCENARIOS.join(', ')})\n\n${USAGE}`);
    process.exit(2);
  }
  return known;
});
const stormTiming = {
  warmupSec: count('storm-warmup', args['storm-warmup'], 30),
  windowSec: count('storm-window', args['storm-window'], 60),
  midSamples: count('storm-samples', args['storm-samples'], 1, true),
  startupTimeoutSec: 240,
  statsSampleRate: sampleRate(args['storm-sample-rate']),
};
const stormCluster = benchClusterOptions(args['storm-dir'], count('storm-port-offset', args['storm-port-offset'], 0, true));
const runs = count('runs', args.runs, quick ? 3 : 5);
const sentences = count('sentences', args.sentences, quick ? 500_000 : 2_000_000);
const warmup = count('warmup', args.warmup, quick ? 200_000 : 500_000);
const scalingSizes = runLocalScenarios
  ? (args.scaling ?? (quick ? '1e5,1e6' : '1e5,1e6,1e7')).split(',').map((s) => count('scaling', s, 0))
  : [];
/**
 * Every scaling child warms up with the same run, so sizes differ only by the timed run. A million sentences: V8 grows
 * its young generation (heap total 20 → 45 MB) over about the first million, so a shorter warm-up made the smallest
 * size's RSS a measure of V8's start-up sizing rather than of what the input adds.
 */
const scalingWarmup = 1_000_000;

const started = performance.now();
const machine = {
  cpus: os.cpus().length,
  model: os.cpus()[0]?.model.trim() ?? 'unknown',
  node: process.version,
  memGb: Math.round(os.totalmem() / 2 ** 30),
  platform: `${os.platform()} ${os.release()} ${os.arch()}`,
};
progress(`${mode} run on ${machine.cpus} × ${machine.model}, Node ${machine.node}`);
if (runLocalScenarios) {
  progress(
    `${runs} runs per local scenario, warm-up ${fmt(warmup)} + measured ${fmt(sentences)} sentences each; scaling ${scalingSizes.map(label).join(', ')}`,
  );
}
if (runStorm) {
  progress(
    `${stormRuns} run(s) per Storm scenario: warm-up ${stormTiming.warmupSec} s, window ${stormTiming.windowSec} s, ${stormTiming.midSamples} status read(s) inside it`,
  );
}
for (const def of SCENARIOS) if (def.notRunYet !== undefined) progress(`${def.name}: ${def.notRunYet}`);

// Runs are interleaved (ceiling, local-1, ceiling, ...) so that drift on a shared machine hits every scenario alike.
const collected = new Map<RunnableScenario, RunFigures[]>(runLocalScenarios ? RUNNABLE.map((s) => [s, []]) : []);
for (let r = 1; r <= (runLocalScenarios ? runs : 0); r++) {
  for (const scenario of RUNNABLE) {
    const figures = await child<RunFigures>({ kind: 'scenario', scenario, warmupSentences: warmup, sentences });
    collected.get(scenario)!.push(figures);
    progress(
      `${scenario} run ${r}/${runs}: ${fmt(figures.sentencesPerSec)} sentences/s, ${fmt(figures.tuplesPerSec)} word tuples/s, ` +
        `latency p50 ${figures.latencyP50Ms} ms p99 ${figures.latencyP99Ms} ms, peak RSS ${figures.rssMb} MB, CPU ${figures.cpuSec} s`,
    );
  }
}

const scaling: ScalingFigures[] = [];
for (const n of scalingSizes) {
  progress(`scaling ${label(n)}: running ${fmt(n)} spout tuples…`);
  const s = await child<ScalingFigures>({ kind: 'scaling', warmupSentences: scalingWarmup, sentences: n });
  scaling.push(s);
  progress(
    `scaling ${label(n)}: ${s.timeSec} s, ${s.usPerSentence} µs per spout tuple, peak RSS ${s.peakRssMb} MB, live heap ${s.liveHeapMb} MB`,
  );
}

const adapter = mode === 'full' ? await adapterBenchmark() : { skipped: `skipped by --${mode} (run pnpm bench:adapter)` };

// The Storm scenarios last: the cluster's daemons are not running while the local scenarios are measured.
let stormOutcomes = new Map<StormScenario, StormOutcome>();
let stormSettings: StormSettings | undefined;
if (runStorm) {
  try {
    const done = await runStormScenarios(stormScenarios, stormRuns, stormTiming, stormCluster, progress);
    stormOutcomes = done.outcomes;
    stormSettings = done.settings;
  } catch (e) {
    // No JDK, no Maven, a cluster that will not start: the local figures of this run are still reported.
    const why = `Storm could not run: ${errorMessage(e).split('\n')[0] ?? ''}`;
    progress(why);
    stormOutcomes = new Map(stormScenarios.map((s) => [s, { skipped: why }]));
  }
}

// The pipeline last, on its own private Kafka and PostgreSQL (Storm's row on the loopback cluster, as above).
const pipeline: PipelineReport | undefined = mode === 'full' ? await runPipelineBench(pipelineEvents, stormCluster, progress) : undefined;

const LATENCY_NOTES: Record<RunnableScenario, string> = {
  ceiling:
    'latency: performance.now() at every sentence emit and at its tree completion (nanosecond histogram); one tree at a time, so it is the service time of one sentence without queueing',
  'local-1': 'latency: the engine summary’s complete latency over every tree of the measured run',
  'local-multi': 'latency: the engine summary’s complete latency over every tree of the measured run',
};
const scenarios: Record<string, ScenarioResult | SkippedScenario> = {};
for (const def of SCENARIOS) {
  const storm = stormOutcomes.get(def.name as StormScenario);
  if (storm !== undefined) {
    scenarios[def.name] =
      'skipped' in storm || stormSettings === undefined
        ? { what: def.what, skipped: 'skipped' in storm ? storm.skipped : 'not run' }
        : stormScenarioResult(def.what, storm, stormSettings);
    continue;
  }
  const all = collected.get(def.name as RunnableScenario);
  if (all === undefined) {
    const isStorm = (STORM_SCENARIOS as readonly string[]).includes(def.name);
    const why = def.notRunYet ?? (!isStorm ? `skipped by --${mode}` : quick ? 'skipped by --quick' : 'not in --storm-scenarios');
    scenarios[def.name] = { what: def.what, skipped: why };
    continue;
  }
  const sorted = [...all].sort((a, b) => a.tuplesPerSec - b.tuplesPerSec);
  const median = sorted[Math.floor((sorted.length - 1) / 2)]!;
  scenarios[def.name] = {
    what: def.what,
    ...median,
    notes: [`median of ${all.length} runs by word tuples/s`, LATENCY_NOTES[def.name as RunnableScenario]],
    medianRun: all.indexOf(median) + 1,
    runs: all,
  };
}
const { ratios, ratiosNotMeasured } = computeRatios(scenarios);
const scalingResult = { warmupSentences: scalingWarmup, sizes: scaling, timeLinear: timeLinear(scaling), memoryFlat: memoryFlat(scaling) };
const report: BenchReport = {
  date: new Date().toISOString(),
  mode,
  command: ['pnpm bench', ...process.argv.slice(2).filter((a) => a !== '--')].join(' '),
  totalSec: 0,
  machine,
  workload: { ...workloadInfo(), warmupSentences: warmup, measuredSentences: sentences, runsPerScenario: runs },
  ...(stormSettings === undefined ? {} : { storm: stormSettings }),
  scenarios,
  ratios,
  ratiosNotMeasured,
  scaling: scalingResult,
  goals: [...computeGoals(scenarios, ratios, ratiosNotMeasured, scalingResult, adapter), pipelineGoal(pipeline)],
  adapter,
  ...(pipeline === undefined ? {} : { pipeline }),
};
report.totalSec = Math.round((performance.now() - started) / 100) / 10;

await writeAtomic(JSON_PATH, `${JSON.stringify(report, null, 2)}\n`);
progress(`wrote ${JSON_PATH}`);
await writeOutputs(report);

console.log(renderText(report));
console.log(`\ntotal time: ${report.totalSec} s (${report.mode} run)`);

/** The chart and BENCHMARKS.md (formatted as `prettier --check .` expects), both from the report alone. */
async function writeOutputs(r: BenchReport): Promise<void> {
  await writeAtomic(CHART_PATH, renderChart(r));
  const mdPath = path.join(ROOT, 'BENCHMARKS.md');
  const md = await prettier.format(renderMarkdown(r), { ...(await prettier.resolveConfig(mdPath)), filepath: mdPath });
  await writeAtomic('BENCHMARKS.md', md);
  progress(`wrote ${CHART_PATH} and BENCHMARKS.md`);
}

function progress(line: string): void {
  process.stderr.write(`[bench] ${line}\n`);
}

/** Runs bench/adapter.ts (our runner vs storm.js under the fake-Storm harness) and keeps its medians. */
async function adapterBenchmark(): Promise<AdapterSummary | { skipped: string }> {
  progress('adapter micro-benchmark: twinstorm component vs storm.js, 3 rounds…');
  const result = await execa(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench', 'adapter.ts'), '--rounds', '3'], {
    cwd: ROOT,
    reject: false,
    all: true,
  });
  if (result.failed) return { skipped: `bench/adapter.ts failed: ${(result.all ?? '').split('\n').slice(-5).join(' | ')}` };
  type Saved = { workload: { tuples: number; rounds: number }; results: Array<{ adapter: string; cpuUsPerTuple: number }> };
  const saved = JSON.parse(await readFile(path.join(ROOT, 'bench', 'results', 'adapter.json'), 'utf8')) as Saved;
  const cpu = (name: string): number | undefined => saved.results.find((r) => r.adapter === name)?.cpuUsPerTuple;
  const ours = cpu('twinstorm');
  const stormJs = cpu('storm.js');
  if (ours === undefined || stormJs === undefined) return { skipped: 'bench/adapter.ts measured only one of twinstorm / storm.js' };
  progress(`adapter: twinstorm ${ours} µs CPU per tuple, storm.js ${stormJs} µs`);
  return {
    oursCpuUsPerTuple: ours,
    stormJsCpuUsPerTuple: stormJs,
    ratio: Math.round((ours / stormJs) * 1000) / 1000,
    tuples: saved.workload.tuples,
    rounds: saved.workload.rounds,
  };
}

/** Runs one task in a fresh `node` process and returns the JSON line it prints last. */
async function child<T>(task: ChildTask): Promise<T> {
  const { stdout } = await execa(process.execPath, ['--expose-gc', '--import', 'tsx', CHILD, JSON.stringify(task)], {
    cwd: ROOT,
    stderr: 'inherit',
  });
  const last = stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(last) as T;
  } catch {
    throw new Error(`bench/child.ts printed no result for ${JSON.stringify(task)}:\n${stdout}`);
  }
}

/** Writes through a temp file in bench/results (bench/results/*.tmp.* is git-ignored), then renames it into place. */
async function writeAtomic(relative: string, text: string): Promise<void> {
  const target = path.join(ROOT, relative);
  const results = path.join(ROOT, 'bench', 'results');
  await mkdir(results, { recursive: true });
  const tmp = path.join(results, path.basename(target).replace(/(\.\w+)$/, '.tmp$1'));
  await writeFile(tmp, text);
  await rename(tmp, target);
}

function count(name: string, raw: string | undefined, fallback: number, zeroOk = false): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < (zeroOk ? 0 : 1)) {
    console.error(`--${name}: expected a ${zeroOk ? 'whole number' : 'positive integer'}, got "${raw}"\n\n${USAGE}`);
    process.exit(2);
  }
  return n;
}

/** --storm-sample-rate: a rate in (0, 1]; Storm's default 0.05 when absent. */
function sampleRate(raw: string | undefined): number {
  if (raw === undefined) return 0.05;
  const r = Number(raw);
  if (!(r > 0 && r <= 1)) {
    console.error(`--storm-sample-rate: expected a number above 0 and at most 1, got "${raw}"\n\n${USAGE}`);
    process.exit(2);
  }
  return r;
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

function label(n: number): string {
  return n.toExponential().replace('+', '');
}
