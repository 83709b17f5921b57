// `pnpm bench:adapter`: the multilang adapter micro-benchmark. A pass-through bolt (tuple in -> one anchored emit
// -> ack) driven through the fake-Storm harness (packages/multilang/test/harness) for twinstorm's runner
// (`twinstorm component` on a fixture topology) and Storm's official storm.js (the same logic written for it),
// optionally storm.py, in one run. Prints the child's CPU time per tuple (utime + stime from /proc, read around the
// measured window so startup and warm-up are excluded) and wall time, the ratio ours / storm.js, and the goals;
// writes bench/results/adapter.json.
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { execa } from 'execa';
import { fixtureSpec, stormJsChild, stormPyChild, twinstormComponent, type ChildCommand } from '@twinstorm/multilang/testing';
import { measureAdapter, type AdapterFigures } from './adapter-measure.ts';
import { errorMessage } from '@twinstorm/core/runtime';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'bench', 'results', 'adapter.json');
/** The issue's goals: at most 5 µs of adapter CPU per tuple, and at most a third of storm.js's. */
const GOALS = { cpuUsPerTuple: 5, ratioToStormJs: 1 / 3 } as const;

const USAGE = `usage: pnpm bench:adapter [options]

  --tuples N      tuples in the measured window (default 200000)
  --warmup N      tuples before it (default 20000)
  --in-flight N   tuples sent and not yet acked, at most (default 100, Storm's topology.shellbolt.max.pending)
  --rounds N      measure every adapter N times, alternating, and keep each one's median (default 3)
  --python        also measure storm.py (needs python3)
  --socketpair    give the children Node's socketpairs for stdin/stdout instead of real pipes (Storm's
                  ProcessBuilder makes pipes; a socket write costs the reader more, most for adapters that write
                  each message separately)
  --coalesce      batch the fake Storm's writes (Storm flushes each message; this shows the child's cost when
                  frames arrive batched, as when Storm's writer outruns the child)
  --help          this text`;

const { values: args } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    tuples: { type: 'string', default: '200000' },
    warmup: { type: 'string', default: '20000' },
    'in-flight': { type: 'string', default: '100' },
    rounds: { type: 'string', default: '3' },
    python: { type: 'boolean', default: false },
    coalesce: { type: 'boolean', default: false },
    socketpair: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (args.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const positive = (name: string, v: string): number => {
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n <= 0) {
    process.stderr.write(`--${name} must be a positive integer, got ${v}\n${USAGE}\n`);
    process.exit(2);
  }
  return n;
};
const tuples = positive('tuples', args.tuples);
const warmup = positive('warmup', args.warmup);
const inFlight = positive('in-flight', args['in-flight']);
const rounds = positive('rounds', args.rounds);

const spec = await fixtureSpec('passthrough.ts');
const stdio = args.socketpair ? 'socketpair' : 'pipe';
const opts = { spec, componentId: 'pass', warmup, tuples, inFlight, coalesce: args.coalesce, stdio } as const;
const candidates: Array<[string, () => Promise<ChildCommand>]> = [
  ['twinstorm', () => Promise.resolve(twinstormComponent('passthrough.ts', 'pass'))],
  ['storm.js', () => stormJsChild('pass-bolt')],
];
if (args.python) candidates.push(['storm.py', () => stormPyChild('pass_bolt')]);

const runs = new Map<string, AdapterFigures[]>();
const failures: Array<{ adapter: string; error: string }> = [];
for (let round = 1; round <= rounds; round++) {
  // Alternating adapters round by round spreads the effect of other load on the machine over all of them.
  for (const [adapter, child] of candidates) {
    if (failures.some((f) => f.adapter === adapter)) continue;
    process.stderr.write(`round ${round}/${rounds}, ${adapter}: ${warmup} warm-up + ${tuples} tuples, ${inFlight} in flight...\n`);
    try {
      const figures = await measureAdapter(adapter, await child(), opts);
      runs.set(adapter, [...(runs.get(adapter) ?? []), figures]);
      process.stderr.write(`  ${figures.cpuUsPerTuple.toFixed(2)} µs CPU per tuple\n`);
    } catch (error) {
      const message = errorMessage(error);
      failures.push({ adapter, error: message });
      process.stderr.write(`  ${adapter} failed: ${message.split('\n').slice(0, 12).join('\n  ')}\n`);
    }
  }
}

/** The round with the median CPU per tuple (the lower middle one for an even count). */
function median(list: readonly AdapterFigures[]): AdapterFigures {
  const sorted = [...list].sort((a, b) => a.cpuUsPerTuple - b.cpuUsPerTuple);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}
const results = [...runs].map(([, list]) => median(list));
const spread = (adapter: string): string => {
  const cpu = (runs.get(adapter) ?? []).map((r) => r.cpuUsPerTuple);
  return cpu.length > 1 ? `${Math.min(...cpu).toFixed(2)}-${Math.max(...cpu).toFixed(2)}` : '';
};

const ours = results.find((r) => r.adapter === 'twinstorm');
const stormJs = results.find((r) => r.adapter === 'storm.js');
const ratio = ours !== undefined && stormJs !== undefined ? ours.cpuUsPerTuple / stormJs.cpuUsPerTuple : undefined;
const load = os.loadavg();

const pad = (s: string, n: number): string => s.padEnd(n);
const num = (v: number, d = 2): string => v.toFixed(d).padStart(9);
const lines = [
  `adapter micro-benchmark: pass-through bolt, ${tuples} tuples (after ${warmup} warm-up), ${inFlight} in flight, median of ${rounds} round(s), stdin/stdout ${stdio === 'pipe' ? 'pipes' : 'socketpairs'}${args.coalesce ? ', writes batched (--coalesce)' : ''}`,
  `${pad('adapter', 11)} ${'CPU µs/t'.padStart(9)} ${'(range)'.padStart(12)} ${'wall µs/t'.padStart(9)} ${'tuples/s'.padStart(9)} ${'harness'.padStart(9)}  heartbeats (max reply ms)`,
  ...results.map(
    (r) =>
      `${pad(r.adapter, 11)} ${num(r.cpuUsPerTuple)} ${spread(r.adapter).padStart(12)} ${num(r.wallUsPerTuple)} ${num(r.tuplesPerSec, 0)} ${num(r.harnessCpuUsPerTuple)}  ${r.heartbeatsAnswered} (${r.maxHeartbeatLatencyMs.toFixed(0)})`,
  ),
  ...failures.map((f) => `${pad(f.adapter, 11)} FAILED: ${f.error.split('\n')[0]}`),
  '',
  `goal: twinstorm CPU per tuple <= ${GOALS.cpuUsPerTuple} µs: ${ours === undefined ? 'not measured' : `${ours.cpuUsPerTuple.toFixed(2)} µs, ${ours.cpuUsPerTuple <= GOALS.cpuUsPerTuple ? 'met' : 'NOT met'}`}`,
  `goal: twinstorm / storm.js CPU <= 1/3: ${ratio === undefined ? 'not measured' : `${ratio.toFixed(3)} (storm.js / twinstorm = ${(1 / ratio).toFixed(1)}×), ${ratio <= GOALS.ratioToStormJs ? 'met' : 'NOT met'}`}`,
  `load average ${load.map((l) => l.toFixed(2)).join(' ')} on ${os.cpus().length} CPUs: figures taken while other work uses the CPU are indicative;`,
  `CPU time (the child's own) is much less sensitive to that than wall time.`,
];
process.stdout.write(`${lines.join('\n')}\n`);

const git = await execa('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, reject: false });
const report = {
  date: new Date().toISOString(),
  commit: git.failed ? null : git.stdout.trim(),
  node: process.version,
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model ?? null,
  loadAverage: load,
  workload: { bolt: 'pass-through (one anchored emit, then ack)', tuples, warmup, inFlight, rounds, coalescedWrites: args.coalesce, stdio },
  results,
  rounds: Object.fromEntries(runs),
  failures,
  ratioOursToStormJs: ratio ?? null,
  goals: {
    cpuUsPerTuple: GOALS.cpuUsPerTuple,
    ratioToStormJs: GOALS.ratioToStormJs,
    cpuMet: ours === undefined ? null : ours.cpuUsPerTuple <= GOALS.cpuUsPerTuple,
    ratioMet: ratio === undefined ? null : ratio <= GOALS.ratioToStormJs,
  },
  note: 'CPU = utime + stime of the child (all threads) from /proc/<pid>/stat around the measured window; results hold the median round of each adapter. Indicative when the machine is shared.',
};
await mkdir(path.dirname(OUT), { recursive: true });
await writeFile(OUT, `${JSON.stringify(report, null, 2)}\n`);
process.stderr.write(`wrote ${path.relative(ROOT, OUT)}\n`);
process.exit(failures.length > 0 ? 1 : 0);
