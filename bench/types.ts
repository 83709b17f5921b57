// The shapes the benchmark child processes print and bench/results/latest.json holds.
import type { WorkloadInfo } from './workload.ts';

/** What one child process is asked to run. */
export type ChildTask =
  | { kind: 'scenario'; scenario: RunnableScenario; warmupSentences: number; sentences: number }
  | { kind: 'scaling'; warmupSentences: number; sentences: number };

export type RunnableScenario = 'ceiling' | 'local-1' | 'local-multi';

/** One measured run of a scenario, in its own child process. */
export interface RunFigures {
  /** Spout tuples (sentences) in the measured window, each acked once. */
  sentences: number;
  /** Word tuples in the measured window (see WorkloadInfo.countedTuples). */
  wordTuples: number;
  /** Wall time of the measured window. */
  measuredSec: number;
  sentencesPerSec: number;
  tuplesPerSec: number;
  /** Complete latency (spout emit to tree completion); null when the scenario cannot measure it. */
  latencyP50Ms: number | null;
  latencyP99Ms: number | null;
  /** Peak RSS of the child process over its whole life (warm-up included): process.resourceUsage().maxRSS. */
  rssMb: number;
  /** User + system CPU of the child during the measured window: process.cpuUsage(). */
  cpuSec: number;
}

/** A scenario's entry in latest.json: the median run's figures, with every run kept. */
export interface ScenarioResult extends RunFigures {
  what: string;
  /** How the median was chosen and how latency was measured. */
  notes: string[];
  /** Which of `runs` is the median (from 1). */
  medianRun: number;
  runs: RunFigures[];
}

export interface SkippedScenario {
  what: string;
  skipped: string;
}

/** Live memory at one point of a scaling run (after a forced GC). */
export interface MemorySample {
  /** Share of the run's spout tuples acked when the sample was taken. */
  at: string;
  acked: number;
  rssMb: number;
  /** Live heap: heapUsed after the GC. */
  heapMb: number;
  /** What V8 keeps reserved for the JS heap after the GC (heapTotal): most of the RSS above the live heap. */
  heapTotalMb: number;
}

/** One size of the scaling run, in its own child process. */
export interface ScalingFigures {
  sentences: number;
  wordTuples: number;
  /** Wall time of the run, minus the pauses the memory samples took. */
  timeSec: number;
  usPerSentence: number;
  nsPerWordTuple: number;
  /** Peak RSS of the child (warm-up included, the same warm-up for every size). */
  peakRssMb: number;
  /** The largest live heap (heapUsed after a forced GC) over the samples. */
  liveHeapMb: number;
  samples: MemorySample[];
}

export type GoalStatus = 'met' | 'not met' | 'not measured';

export interface Goal {
  goal: string;
  figure: string | null;
  status: GoalStatus;
  note?: string;
}

export interface Verdict {
  ok: boolean;
  text: string;
}

export interface BenchReport {
  date: string;
  mode: 'quick' | 'full';
  command: string;
  totalSec: number;
  machine: { cpus: number; model: string; node: string; memGb: number; platform: string };
  workload: WorkloadInfo & { warmupSentences: number; measuredSentences: number; runsPerScenario: number };
  scenarios: Record<string, ScenarioResult | SkippedScenario>;
  ratios: Record<string, number | null>;
  /** Why a ratio is null. */
  ratiosNotMeasured: Record<string, string>;
  scaling: {
    warmupSentences: number;
    sizes: ScalingFigures[];
    timeLinear: Verdict;
    memoryFlat: Verdict;
  };
  goals: Goal[];
  /** The adapter micro-benchmark (bench/adapter.ts) of a full run; null when skipped (--quick) or failed, with why. */
  adapter?: AdapterSummary | { skipped: string };
}

/** The figures of bench/adapter.ts that `pnpm bench` reports: CPU per tuple of our runner and of storm.js. */
export interface AdapterSummary {
  oursCpuUsPerTuple: number;
  stormJsCpuUsPerTuple: number;
  ratio: number;
  tuples: number;
  rounds: number;
}

export function isSkipped(s: ScenarioResult | SkippedScenario): s is SkippedScenario {
  return 'skipped' in s;
}
