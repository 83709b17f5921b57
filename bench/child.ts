// One benchmark run in its own process, so peak RSS and CPU belong to that run alone. bench/run.ts starts it as
//   node --expose-gc --import tsx bench/child.ts '<ChildTask as JSON>'
// and reads one JSON line (RunFigures or ScalingFigures) from its stdout; progress goes to stderr.
import { availableParallelism } from 'node:os';
import { loadTopology, runLocal, type RunSnapshot } from '@twinstorm/local';
import { buildWordCount } from '../examples/wordcount/topology.ts';
import type { ChildTask, MemorySample, RunFigures, ScalingFigures } from './types.ts';
import { runCeiling } from './wordcount-ceiling.ts';
import { wordTuplesFor } from './workload.ts';

const MB = 2 ** 20;
const WORDCOUNT_MODULE = new URL('../examples/wordcount/topology.ts', import.meta.url).pathname;

const task = JSON.parse(process.argv[2] ?? '') as ChildTask;
const result = task.kind === 'scaling' ? await scaling(task.warmupSentences, task.sentences) : await scenario(task);
process.stdout.write(`${JSON.stringify(result)}\n`);

async function scenario(t: Extract<ChildTask, { kind: 'scenario' }>): Promise<RunFigures> {
  if (t.scenario === 'ceiling') {
    runCeiling(t.warmupSentences);
    const cpu = process.cpuUsage();
    const c = runCeiling(t.sentences);
    const cpuSec = cpuSecSince(cpu);
    checkWords('ceiling', c.sentences, c.wordTuples);
    return figures(c.sentences, c.wordTuples, c.seconds, c.latency.quantileMs(0.5), c.latency.quantileMs(0.99), cpuSec);
  }
  // local-multi: the module (worker threads import it) with --workers = cores, as `twinstorm run` does by default.
  const workers = t.scenario === 'local-multi' ? availableParallelism() : 1;
  await engineRun(t.warmupSentences, undefined, workers);
  const cpu = process.cpuUsage();
  const { seconds, summary } = await engineRun(t.sentences, undefined, workers);
  const cpuSec = cpuSecSince(cpu);
  const words = summary.components.split?.emitted ?? 0;
  checkWords(t.scenario, t.sentences, words);
  return figures(t.sentences, words, seconds, summary.completeLatencyMs.p50, summary.completeLatencyMs.p99, cpuSec);
}

/** examples/wordcount on the local engine in this thread, until `sentences` spout tuples are acked; wall time from runLocal to the final summary. */
async function engineRun(
  sentences: number,
  during?: (run: ReturnType<typeof runLocal>) => () => void,
  workers = 1,
): Promise<{ seconds: number; summary: RunSnapshot }> {
  const topology = workers === 1 ? buildWordCount() : await loadTopology(WORDCOUNT_MODULE);
  const start = performance.now();
  const run = runLocal(topology, { maxTuples: sentences, workers });
  const done = during?.(run);
  const summary = await run.finished;
  const seconds = (performance.now() - start) / 1000;
  done?.();
  const s = summary.spoutTuples;
  if (s.acked !== sentences || s.failed !== 0 || summary.lastErrors.length > 0) {
    throw new Error(
      `local engine: ${s.acked} of ${sentences} acked, ${s.failed} failed, errors: ${summary.lastErrors.map((e) => e.message).join('; ')} (${summary.stopReason ?? 'not stopped'})`,
    );
  }
  return { seconds, summary };
}

/**
 * The local engine over one input size: the same warm-up run, then `sentences` spout tuples, taking live memory
 * (after a forced GC) at 10 %, 25 %, 50 %, 75 % and 100 % of the run; the time those samples take is not counted.
 */
async function scaling(warmupSentences: number, sentences: number): Promise<ScalingFigures> {
  const gc = globalThis.gc;
  if (gc === undefined) throw new Error('bench/child.ts needs node --expose-gc for the scaling run');
  await engineRun(warmupSentences);
  const samples: MemorySample[] = [];
  let pausedMs = 0;
  const sample = (at: string, acked: number): void => {
    const t0 = performance.now();
    gc();
    const m = process.memoryUsage();
    samples.push({ at, acked, rssMb: round1(m.rss / MB), heapMb: round1(m.heapUsed / MB), heapTotalMb: round1(m.heapTotal / MB) });
    pausedMs += performance.now() - t0;
  };
  const marks = [0.1, 0.25, 0.5, 0.75];
  const label = sentences.toExponential().replace('+', '');
  const { seconds, summary } = await engineRun(sentences, (run) => {
    const timer = setInterval(() => {
      const acked = run.snapshot().spoutTuples.acked;
      while (marks.length > 0 && acked >= marks[0]! * sentences) {
        const mark = marks.shift()!;
        sample(`${mark * 100}%`, acked);
        if (sentences >= 1e6) process.stderr.write(`  scaling ${label}: ${mark * 100}% (${acked.toLocaleString('en-US')} acked)\n`);
      }
    }, 50);
    return () => clearInterval(timer);
  });
  sample('100%', summary.spoutTuples.acked);
  const words = summary.components.split?.emitted ?? 0;
  checkWords('scaling', sentences, words);
  const timeSec = seconds - pausedMs / 1000;
  return {
    sentences,
    wordTuples: words,
    timeSec: round3(timeSec),
    usPerSentence: round3((timeSec * 1e6) / sentences),
    nsPerWordTuple: round1((timeSec * 1e9) / words),
    peakRssMb: peakRssMb(),
    liveHeapMb: Math.max(...samples.map((s) => s.heapMb)),
    samples,
  };
}

function figures(sentences: number, wordTuples: number, seconds: number, p50: number, p99: number, cpuSec: number): RunFigures {
  return {
    sentences,
    wordTuples,
    measuredSec: round3(seconds),
    sentencesPerSec: Math.round(sentences / seconds),
    tuplesPerSec: Math.round(wordTuples / seconds),
    latencyP50Ms: Number.isFinite(p50) ? round4(p50) : null,
    latencyP99Ms: Number.isFinite(p99) ? round4(p99) : null,
    rssMb: peakRssMb(),
    cpuSec: round3(cpuSec),
  };
}

function checkWords(who: string, sentences: number, words: number): void {
  const expected = wordTuplesFor(sentences);
  if (words !== expected) throw new Error(`${who}: ${words} word tuples for ${sentences} sentences, expected ${expected}`);
}

function cpuSecSince(start: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1e6;
}

/** maxRSS is in kilobytes. */
function peakRssMb(): number {
  return round1(process.resourceUsage().maxRSS / 1024);
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
function round4(x: number): number {
  return Math.round(x * 10000) / 10000;
}
