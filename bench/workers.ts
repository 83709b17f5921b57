// `pnpm bench:workers`: the local engine on worker threads against one thread, side by side in one run, each
// configuration in its own child process (bench/workers-child.ts), medians of several runs:
//   (a) a CPU-bound topology (~20 µs of work per tuple, bench/workers-cpu-topology.ts): --workers 2 vs --workers 1,
//       goal >= 1.8x on 2 cores;
//   (a') the same fields-grouped; nothing declares a CPU load, so the spread comes from adaptive placement;
//   (b) word count with acking (examples/wordcount, the workload of bench/workload.ts): --workers 2 vs --workers 1,
//       goal >= 1x (it must stay fused);
//   (c) user-activity with 50 µs of extra CPU per event in its scorer: undeclared, and with the RAS hint; same alerts;
// with CPU per tuple and peak RSS of each. Writes bench/results/workers.json. Progress on stderr, the table on stdout.
import { mkdir, rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { execa } from 'execa';
import { spinRoundUs } from './workers-cpu-topology.ts';
import type { WorkersFigures, WorkersTask } from './workers-child.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CHILD = path.join(ROOT, 'bench', 'workers-child.ts');
const JSON_PATH = path.join('bench', 'results', 'workers.json');

const USAGE = `usage: pnpm bench:workers [--runs N] [--quick]

  --runs N     runs per configuration, the median is kept (default 3; --quick: 1)
  --quick      one run each, smaller windows (a smoke test, not figures to quote)
  --help       this text`;

const { values: args } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: { runs: { type: 'string' }, quick: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } },
});
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
const quick = args.quick;
const runs = args.runs === undefined ? (quick ? 1 : 3) : Number(args.runs);
if (!Number.isInteger(runs) || runs < 1) {
  console.error(`--runs: expected a positive integer\n\n${USAGE}`);
  process.exit(2);
}

/** µs of CPU work per tuple of the CPU-bound topology. */
const WORK_US = 20;
const scale = quick ? 0.25 : 1;

interface Config {
  key: string;
  label: string;
  task: WorkersTask;
  note?: string;
}

const started = performance.now();
const machine = {
  cpus: os.availableParallelism(),
  model: os.cpus()[0]?.model.trim() ?? 'unknown',
  node: process.version,
  memGb: Math.round(os.totalmem() / 2 ** 30),
  platform: `${os.platform()} ${os.release()} ${os.arch()}`,
  loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
};
progress(
  `${runs} run(s) per configuration on ${machine.cpus} × ${machine.model}, Node ${machine.node}, load average ${machine.loadAverage.join(' ')}`,
);
const roundUs = spinRoundUs();
const rounds = Math.max(1, Math.round(WORK_US / roundUs));
progress(`calibration: ${rounds} rounds of the work loop ≈ ${WORK_US} µs (${(roundUs * 1000).toFixed(2)} ns per round)`);

const cpu = (workers: number, fields = false): WorkersTask => ({
  topology: fields ? 'cpu-fields' : 'cpu',
  workers,
  spread: false,
  // The warm-up covers adaptive placement's first move (it judges a window per second, from the second second on):
  // not scaled down by --quick, or the measured window would start before the tasks spread.
  warmup: 100_000,
  measured: Math.round(200_000 * scale),
  rounds,
});
const wordcount = (workers: number): WorkersTask => ({
  topology: 'wordcount',
  workers,
  spread: false,
  warmup: Math.round(200_000 * scale),
  measured: Math.round(600_000 * scale),
});
/** µs of extra CPU per event in user-activity's scorer. */
const SCORER_EXTRA_US = 50;
const userActivity = (workers: number, spread: boolean): WorkersTask => ({
  topology: 'user-activity',
  workers,
  spread,
  warmup: Math.round(10_000 * scale),
  measured: Math.round(40_000 * scale),
  scorerExtraUs: SCORER_EXTRA_US,
});
const CONFIGS: Config[] = [
  { key: 'cpu-1', label: `cpu-bound ${WORK_US} µs/t shuffle -w 1`, task: cpu(1) },
  { key: 'cpu-2', label: `cpu-bound ${WORK_US} µs/t shuffle -w 2`, task: cpu(2) },
  { key: 'cpuf-1', label: `cpu-bound ${WORK_US} µs/t fields -w 1`, task: cpu(1, true) },
  { key: 'cpuf-2', label: `cpu-bound ${WORK_US} µs/t fields -w 2`, task: cpu(2, true) },
  { key: 'wordcount-1', label: 'word count -w 1', task: wordcount(1) },
  { key: 'wordcount-2', label: 'word count -w 2', task: wordcount(2) },
  { key: 'ua-1', label: `user-activity scorer +${SCORER_EXTRA_US} µs -w 1`, task: userActivity(1, false) },
  { key: 'ua-2', label: `user-activity scorer +${SCORER_EXTRA_US} µs -w 2`, task: userActivity(2, false) },
  {
    key: 'ua-2-declared',
    label: `user-activity +${SCORER_EXTRA_US} µs -w 2, RAS hint`,
    task: userActivity(2, true),
    note: 'topology.component.cpu.pcore.percent=100 topology-wide: the declaration spreads every task at start (the scorer holds per-user state, so adaptive placement never moves it)',
  },
];

// Runs are interleaved (cpu-1, cpu-2, wordcount-1, ...) so that drift on a shared machine hits every configuration alike.
const collected = new Map<string, WorkersFigures[]>(CONFIGS.map((c) => [c.key, []]));
for (let r = 1; r <= runs; r++) {
  for (const c of CONFIGS) {
    const f = await child(c.task);
    collected.get(c.key)!.push(f);
    progress(
      `${c.label} run ${r}/${runs}: ${fmt(f.tuplesPerSec)} tuples/s, CPU ${f.cpuUsPerTuple} µs/tuple, peak RSS ${f.rssMb} MB, ` +
        `latency p50 ${f.latencyP50Ms} ms p99 ${f.latencyP99Ms} ms, ${f.threads === 0 ? 'in-process' : `${f.threads} worker threads, ${f.moves} move(s)`}` +
        (f.alertsDigest === undefined ? '' : `, ${f.alerts} alerts (${f.alertsDigest})`),
    );
  }
}

const results: Record<string, WorkersFigures & { label: string; note?: string; runs: WorkersFigures[] }> = {};
for (const c of CONFIGS) {
  const all = collected.get(c.key)!;
  const median = [...all].sort((a, b) => a.tuplesPerSec - b.tuplesPerSec)[Math.floor((all.length - 1) / 2)]!;
  results[c.key] = { label: c.label, ...(c.note === undefined ? {} : { note: c.note }), ...median, runs: all };
}
/** The median over runs of run i of `a` / run i of `b` (the two ran one after the other: an alternating pair). */
const ratio = (a: string, b: string): number => {
  const pairs = collected
    .get(a)!
    .map((f, i) => f.tuplesPerSec / collected.get(b)![i]!.tuplesPerSec)
    .sort((x, y) => x - y);
  return Math.round(pairs[Math.floor((pairs.length - 1) / 2)]! * 100) / 100;
};
const ratios = {
  cpuSpeedup: ratio('cpu-2', 'cpu-1'),
  cpuFieldsSpeedup: ratio('cpuf-2', 'cpuf-1'),
  wordcountSpeedup: ratio('wordcount-2', 'wordcount-1'),
  userActivitySpeedup: ratio('ua-2', 'ua-1'),
  userActivityDeclaredSpeedup: ratio('ua-2-declared', 'ua-1'),
};
const digests = new Set(['ua-1', 'ua-2', 'ua-2-declared'].flatMap((k) => collected.get(k)!.map((f) => f.alertsDigest)));
const sameAlerts = digests.size === 1;
const cores = 2;
const efficiency = {
  cpu: { '1': 1, '2': Math.round((ratios.cpuSpeedup / cores) * 100) / 100 },
  cpuFields: { '1': 1, '2': Math.round((ratios.cpuFieldsSpeedup / cores) * 100) / 100 },
  wordcount: { '1': 1, '2': Math.round((ratios.wordcountSpeedup / cores) * 100) / 100 },
};
const goal = (text: string, figure: number, min: number, extra = true) => ({
  goal: text,
  figure: `${figure}x`,
  status: figure >= min && extra ? 'met' : 'not met',
});
const goals = [
  goal('undeclared cpu-bound (20 µs/t, 4 tasks, shuffle): --workers 2 / --workers 1 >= 1.8x', ratios.cpuSpeedup, 1.8),
  goal('the same, fields-grouped: >= 1.8x', ratios.cpuFieldsSpeedup, 1.8),
  goal('word count: --workers 2 / --workers 1 >= 1.0x', ratios.wordcountSpeedup, 1.0),
  goal(`user-activity, scorer +${SCORER_EXTRA_US} µs, undeclared: >= 1.7x, same alerts`, ratios.userActivitySpeedup, 1.7, sameAlerts),
  goal(`user-activity, scorer +${SCORER_EXTRA_US} µs, RAS hint: >= 1.7x, same alerts`, ratios.userActivityDeclaredSpeedup, 1.7, sameAlerts),
];
const report = {
  date: new Date().toISOString(),
  command: ['pnpm bench:workers', ...process.argv.slice(2).filter((a) => a !== '--')].join(' '),
  totalSec: Math.round((performance.now() - started) / 100) / 10,
  machine,
  calibration: { workUsPerTuple: WORK_US, roundsPerTuple: rounds, nsPerRound: Math.round(roundUs * 1e6) / 1000 },
  method:
    'each configuration in its own child process; warm-up and measured tuples in one run (worker threads warm their JIT inside it); ' +
    'the window runs from the moment the warm-up tuples are acked to the last ack; CPU is process.cpuUsage (every thread) over the window; ' +
    `peak RSS is process.resourceUsage().maxRSS of the child; median of ${runs} run(s) by tuples/s`,
  configs: results,
  ratios,
  sameAlerts,
  efficiencyPerCore: efficiency,
  goals,
};
await writeAtomic(JSON_PATH, `${JSON.stringify(report, null, 2)}\n`);
progress(`wrote ${JSON_PATH}`);
console.log(render());

function render(): string {
  const rows = CONFIGS.map((c) => {
    const f = results[c.key]!;
    return [
      c.label.padEnd(40),
      fmt(f.tuplesPerSec).padStart(10),
      f.cpuUsPerTuple.toFixed(2).padStart(9),
      f.rssMb.toFixed(0).padStart(7),
      String(f.latencyP50Ms).padStart(7),
      String(f.latencyP99Ms).padStart(7),
      (f.threads === 0 ? 'in-process' : `${f.threads} thr, ${f.moves} mv`).padStart(12),
    ].join(' ');
  });
  return [
    `${'configuration (median by tuples/s)'.padEnd(40)} ${'tuples/s'.padStart(10)} ${'CPU µs/t'.padStart(9)} ${'RSS MB'.padStart(7)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'threads'.padStart(12)}`,
    ...rows,
    '',
    'goals (ratios: median of the alternating pairs)',
    ...goals.map((g) => `  ${g.goal}: ${g.figure}  ${g.status}`),
    `  user-activity alerts: ${sameAlerts ? 'the same in every run' : `DIFFER (${[...digests].join(', ')})`}`,
    `efficiency per core (speed-up / cores), 1 worker = 1: cpu ${efficiency.cpu['2']}, cpu fields ${efficiency.cpuFields['2']}, word count ${efficiency.wordcount['2']} at 2 workers`,
    `load average at start ${machine.loadAverage.join(' ')}, at end ${os
      .loadavg()
      .map((l) => Math.round(l * 100) / 100)
      .join(' ')}; total ${report.totalSec} s`,
  ].join('\n');
}

/** Runs one configuration in a fresh `node` process and returns the JSON line it prints last. */
async function child(task: WorkersTask): Promise<WorkersFigures> {
  const { stdout } = await execa(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify(task)], { cwd: ROOT, stderr: 'inherit' });
  const last = stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(last) as WorkersFigures;
  } catch {
    throw new Error(`bench/workers-child.ts printed no result for ${JSON.stringify(task)}:\n${stdout}`);
  }
}

/** Writes through a temp file in bench/results (git-ignored *.tmp.*), then renames it into place. */
async function writeAtomic(relative: string, text: string): Promise<void> {
  const target = path.join(ROOT, relative);
  await mkdir(path.dirname(target), { recursive: true });
  const tmp = path.join(path.dirname(target), path.basename(target).replace(/(\.\w+)$/, '.tmp$1'));
  await writeFile(tmp, text);
  await rename(tmp, target);
}

function progress(line: string): void {
  process.stderr.write(`[bench:workers] ${line}\n`);
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}
