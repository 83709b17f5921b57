// The shapes the benchmark child processes print and bench/results/latest.json holds.
import type { WorkloadInfo } from './workload.ts';
import type { PipelineReport } from './pipeline/report-part.ts';

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

/**
 * One measured run of a Storm scenario (bench/storm-scenario.ts). The RunFigures keys mean: sentences / word tuples =
 * the spout's acked and the count bolt's executed counters (Nimbus Thrift, all-time, exact) at the window's two ends;
 * measuredSec = the interval between the two heartbeats those counters came with; latencyP50Ms / latencyP99Ms = null
 * (Storm keeps no percentiles); rssMb = peak over 1 s /proc samples of worker JVM + children RSS; cpuSec = their
 * utime + stime over the window (/proc/<pid>/stat).
 */
export interface StormRunFigures extends RunFigures {
  /** Mean complete latency of the trees acked in the window: Storm's all-time means × acked, differenced. */
  latencyMeanMs: number | null;
  storm: StormRunDetails;
}

/** Where a Storm run's CPU and memory went, and how its window was taken. */
export interface StormRunDetails {
  /** The name it ran under on the cluster, and Storm's id. */
  topology: string;
  topologyId: string;
  /** Spout tuples failed in the window. */
  failed: number;
  /** What makes the run suspect (failures, restarts, errors); empty when clean. */
  problems: string[];
  cpu: {
    /** utime + stime over the window: the worker JVM, and all its children together. */
    workerJvmSec: number;
    childrenSec: number;
    /** childrenSec / (workerJvmSec + childrenSec). */
    childrenShare: number;
    /** (worker JVM + children) CPU seconds per second of window: how many of the cores the topology kept busy. */
    coresBusy: number;
    workerJvmUsPerWordTuple: number | null;
    childrenUsPerWordTuple: number | null;
    /** Not counted in cpuSec: the worker's LogWriter JVM, the daemons, and the driver's own status JVMs and sampler. */
    logWriterSec: number;
    daemonsSec: number;
    statusJvmsSec: number;
    samplerSec: number;
  };
  rss: {
    /** The two parts of rssMb at its peak sample. */
    peakWorkerJvmMb: number;
    peakChildrenMb: number;
    /** Not counted in rssMb, at the same sample: the LogWriter JVM, each daemon. */
    logWriterMb: number;
    daemonsMb: Record<string, number>;
  };
  processes: { workerJvms: number; children: string[] };
  window: {
    /** The worker uptimes reported with the first and last counters: their difference is measuredSec. */
    heartbeatUptimeSec: [number, number];
    statusCalls: number;
    statusCallSec: number[];
    /** How old the counters were when each status call returned (estimated from the worker JVM's start time). */
    heartbeatLagSec: number[];
    /** Rates between consecutive status reads: steady when they agree. */
    segments: Array<{ sec: number; sentencesPerSec: number; tuplesPerSec: number }>;
  };
  submitSec: number;
  /** Submit to the first status showing acked sentences. */
  startupSec: number;
  warmupSec: number;
}

/** A scenario's entry in latest.json: the median run's figures, with every run kept. */
export interface ScenarioResult extends RunFigures {
  what: string;
  /** How the median was chosen and where each figure came from. */
  notes: string[];
  /** Which of `runs` is the median (from 1). */
  medianRun: number;
  runs: RunFigures[];
  /** Storm scenarios: the median run's mean complete latency and details (CPU split, RSS parts, window). */
  latencyMeanMs?: number | null;
  storm?: StormRunDetails;
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
  mode: 'quick' | 'full' | 'storm-only';
  command: string;
  totalSec: number;
  machine: { cpus: number; model: string; node: string; memGb: number; platform: string };
  workload: WorkloadInfo & { warmupSentences: number; measuredSentences: number; runsPerScenario: number };
  /** How the Storm scenarios were run; absent when none ran. */
  storm?: StormSettings;
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
  /** The Kafka → engine → PostgreSQL pipeline (bench/pipeline/report-part.ts); absent when not run. */
  pipeline?: PipelineReport;
}

/** The Storm scenarios' settings in one run. */
export interface StormSettings {
  runsPerScenario: number;
  warmupSec: number;
  windowSec: number;
  midSamples: number;
  /** topology.stats.sample.rate the Storm scenarios ran with (Storm's default 0.05; 1.0 counts every tuple). */
  statsSampleRate: number;
  /** Whether this run started the loopback cluster (and stopped it at the end). */
  startedCluster: boolean;
  stormVersion: string;
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
