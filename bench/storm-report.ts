// The Storm parts of the report (bench/report.ts calls these): the latency cell Storm can fill, the table of where each
// Storm scenario's CPU and memory go (worker JVM vs multilang children: does the JVM side cap every adapter alike?),
// and what exactly the Storm figures are. Pure functions of the report.
import { fmt } from './goals.ts';
import { STORM_SOURCES } from './storm-results.ts';
import { COUNT_TASKS, SPLIT_TASKS, SPOUT_TASKS } from './workload.ts';
import { isSkipped, type BenchReport, type RunFigures, type ScenarioResult, type StormRunDetails } from './types.ts';

/** The latency cell: p50 / p99 where measured, else Storm's window mean, else n/a. */
export function latencyCell(s: RunFigures & { latencyMeanMs?: number | null }): string {
  if (s.latencyP50Ms !== null) return `${s.latencyP50Ms} ms / ${s.latencyP99Ms ?? 'n/a'} ms`;
  if (s.latencyMeanMs !== undefined && s.latencyMeanMs !== null) return `mean ${s.latencyMeanMs} ms (Storm: no p50 / p99)`;
  return 'n/a';
}

/** The Storm scenarios that have figures, in report order. */
function stormResults(r: BenchReport): Array<[string, ScenarioResult & { storm: StormRunDetails }]> {
  const out: Array<[string, ScenarioResult & { storm: StormRunDetails }]> = [];
  for (const [name, s] of Object.entries(r.scenarios)) {
    if (!isSkipped(s) && s.storm !== undefined) out.push([name, s as ScenarioResult & { storm: StormRunDetails }]);
  }
  return out;
}

const pct = (x: number): string => `${Math.round(x * 100)} %`;
const us = (x: number | null): string => (x === null ? 'n/a' : `${x} µs`);

/** Header and rows of the CPU / memory split table, one row per Storm scenario with figures (empty when none). */
export function stormSplitTable(r: BenchReport): { head: string[]; rows: string[][] } {
  const head = [
    'scenario',
    'word tuples/s',
    'CPU: worker JVM',
    'CPU: children',
    'children’s share',
    'cores busy',
    'CPU per word tuple: JVM / children',
    'peak RSS: JVM + children',
    'children: count, tasks per child, peak RSS per child',
    'not counted: LogWriter, daemons, status JVMs (CPU)',
  ];
  const rows = stormResults(r).map(([name, s]) => {
    const c = s.storm.cpu;
    const m = s.storm.rss;
    return [
      `\`${name}\``,
      fmt(s.tuplesPerSec),
      `${c.workerJvmSec} s`,
      `${c.childrenSec} s`,
      pct(c.childrenShare),
      String(c.coresBusy),
      `${us(c.workerJvmUsPerWordTuple)} / ${us(c.childrenUsPerWordTuple)}`,
      `${m.peakWorkerJvmMb} + ${m.peakChildrenMb} MB`,
      childrenCell(s.storm),
      `${c.logWriterSec} s, ${c.daemonsSec} s, ${c.statusJvmsSec} s`,
    ];
  });
  return { head, rows };
}

/** Tasks of the word count topology (spout, split, count): what the multilang children serve between them. */
const WORDCOUNT_TASKS = SPOUT_TASKS + SPLIT_TASKS + COUNT_TASKS;

/** How many multilang children served the topology's tasks, and the peak RSS that costs per child (issue 17 item 2). */
function childrenCell(st: StormRunDetails): string {
  const n = st.processes.children.length;
  if (n === 0) return 'none';
  const perChild = Math.round((WORDCOUNT_TASKS / n) * 100) / 100;
  return `${n}, ${perChild}, ${Math.round((st.rss.peakChildrenMb / n) * 10) / 10} MB`;
}

/** The paragraph under the scenario table about how the Storm scenarios ran (null when none did). */
export function stormRunsParagraph(r: BenchReport): string | null {
  const st = r.storm;
  if (st === undefined) return null;
  return (
    `Storm scenarios: ${st.runsPerScenario === 1 ? 'one run each' : `the median of ${st.runsPerScenario} runs each`} on the loopback` +
    ` cluster (Storm ${st.stormVersion}, ${st.startedCluster ? 'started and stopped by this run' : 'already running, left running'}):` +
    ` each topology is submitted under a fresh name, warmed up ${st.warmupSec} s after its first acked sentence, measured over a window` +
    ` of about ${st.windowSec} s (${st.midSamples} status read(s) inside it besides its two ends), then killed (wait 0) before the next starts.` +
    ` ${sampleRateSentence(st.statsSampleRate)}`
  );
}

/** What the stats sample rate means for the figures (older results have none recorded: they ran at 1.0). */
function sampleRateSentence(rate: number | undefined): string {
  const r = rate ?? 1;
  return r === 1
    ? 'Every topology ran with topology.stats.sample.rate 1.0: every tuple counted, at the cost of Storm 2.x recomputing each bolt’s capacity on every executed tuple.'
    : `Every topology ran with topology.stats.sample.rate ${r}${r === 0.05 ? ', Storm’s default' : ''}: Storm counts one tuple in ${Math.round(1 / r)} and adds ${Math.round(1 / r)} for it, so counts are estimates (standard error ${(100 * Math.sqrt((1 - r) / (r * 1e6))).toFixed(1)} % over a window of a million word tuples).`;
}

/** The section on where Storm's CPU goes; empty when no Storm scenario has figures. */
export function stormSplitSection(r: BenchReport, table: (head: string[], rows: string[][]) => string): string[] {
  const { head, rows } = stormSplitTable(r);
  if (rows.length === 0) return [];
  return [
    '## Storm: where the CPU goes',
    '',
    'CPU seconds over each Storm scenario’s measured window, from /proc/<pid>/stat: the worker JVM (Storm’s executors, acker,' +
      ' transfer, serializer) against its multilang children (node or python: the adapter and the components). Cores busy is the' +
      ' two together per second of window (the machine has ' +
      `${r.machine.cpus}). Whether the JVM side caps every adapter alike shows in the JVM’s share and its CPU per word tuple.` +
      ` Children counts the multilang processes under the worker JVM (/proc) against the topology’s ${WORDCOUNT_TASKS} tasks: at 1 task` +
      ' per child every task pays for a runtime of its own, which the peak RSS per child shows.',
    '',
    table(head, rows),
    '',
  ];
}

/** The "What is measured" bullets for the Storm scenarios. */
export function stormMeasuredBullets(): string[] {
  return Object.values(STORM_SOURCES).map(([label, text]) => `- **Storm scenarios, ${label}**: ${text}.`);
}

/** The plain-text CPU split for stdout. */
export function stormSplitText(r: BenchReport, align: (rows: string[][]) => string): string[] {
  const { head, rows } = stormSplitTable(r);
  if (rows.length === 0) return [];
  return ['', 'Storm: where the CPU goes (measured window):', align([head, ...rows]).replace(/^/gm, '  ')];
}
