// Samples a Storm topology's processes from /proc once a second while it runs, so peak RSS is the peak of the sum over
// the worker JVM and its children, and CPU can be read over exactly the interval Storm's counters cover.
import { readTopologyProcs, type ProcFigures, type ProcUnits, type TopologyProcs } from './storm-procs.ts';

/** One sample: the time and each group's summed cumulative CPU and RSS. */
export interface ProcSample {
  atMs: number;
  jvmCpuSec: number;
  childrenCpuSec: number;
  logWriterCpuSec: number;
  daemonsCpuSec: number;
  jvmRssBytes: number;
  childrenRssBytes: number;
  logWriterRssBytes: number;
  daemonRssBytes: Record<string, number>;
  /** The pids of the worker JVMs and their children, sorted: a change means a process died or was restarted. */
  pids: string;
  workers: number;
  children: number;
}

/** CPU seconds of each group between two moments. */
export interface CpuDelta {
  jvmSec: number;
  childrenSec: number;
  logWriterSec: number;
  daemonsSec: number;
}

const sum = (xs: readonly ProcFigures[], key: 'cpuSec' | 'rssBytes'): number => xs.reduce((a, p) => a + p[key], 0);

function toSample(p: TopologyProcs, atMs: number): ProcSample {
  const daemons = Object.values(p.daemons);
  return {
    atMs,
    jvmCpuSec: sum(p.workers, 'cpuSec'),
    childrenCpuSec: sum(p.children, 'cpuSec'),
    logWriterCpuSec: sum(p.logWriters, 'cpuSec'),
    daemonsCpuSec: sum(daemons, 'cpuSec'),
    jvmRssBytes: sum(p.workers, 'rssBytes'),
    childrenRssBytes: sum(p.children, 'rssBytes'),
    logWriterRssBytes: sum(p.logWriters, 'rssBytes'),
    daemonRssBytes: Object.fromEntries(Object.entries(p.daemons).map(([n, f]) => [n, f.rssBytes])),
    pids: [...p.workers, ...p.children]
      .map((x) => x.pid)
      .sort((a, b) => a - b)
      .join(','),
    workers: p.workers.length,
    children: p.children.length,
  };
}

/** A once-a-second /proc sampler for one topology, keeping the samples taken while its worker runs; `stop()` ends it. */
export class ProcSampler {
  readonly samples: ProcSample[] = [];
  /** The latest full look (child command lines included), for the report. */
  last: TopologyProcs | null = null;
  private readonly timer: NodeJS.Timeout;

  constructor(
    /** The topology's name on the cluster. */
    private readonly name: string,
    private readonly daemonPids: Readonly<Record<string, number>>,
    private readonly units: ProcUnits,
    periodMs = 1000,
  ) {
    this.sample();
    this.timer = setInterval(() => this.sample(), periodMs);
  }

  /** Takes one sample now (also called by the timer). */
  sample(): ProcSample {
    const procs = readTopologyProcs(this.name, this.daemonPids, this.units);
    const s = toSample(procs, Date.now());
    if (procs.workers.length > 0) {
      this.last = procs;
      this.samples.push(s);
    }
    return s;
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** CPU of each group from `fromMs` to `toMs`, each end linearly interpolated between the samples around it. */
  cpuBetween(fromMs: number, toMs: number): CpuDelta {
    const a = this.interpolate(fromMs);
    const b = this.interpolate(toMs);
    return {
      jvmSec: b.jvmCpuSec - a.jvmCpuSec,
      childrenSec: b.childrenCpuSec - a.childrenCpuSec,
      logWriterSec: b.logWriterCpuSec - a.logWriterCpuSec,
      daemonsSec: b.daemonsCpuSec - a.daemonsCpuSec,
    };
  }

  /** The sample with the largest worker-JVM-plus-children RSS from `fromMs` to `toMs`. */
  peakBetween(fromMs: number, toMs: number): ProcSample | null {
    let peak: ProcSample | null = null;
    for (const s of this.samples) {
      if (s.atMs < fromMs || s.atMs > toMs) continue;
      if (peak === null || s.jvmRssBytes + s.childrenRssBytes > peak.jvmRssBytes + peak.childrenRssBytes) peak = s;
    }
    return peak;
  }

  /** The distinct worker/children pid sets seen from `fromMs` to `toMs` (more than one: something restarted). */
  pidSetsBetween(fromMs: number, toMs: number): string[] {
    return [...new Set(this.samples.filter((s) => s.atMs >= fromMs && s.atMs <= toMs).map((s) => s.pids))];
  }

  private interpolate(atMs: number): Pick<ProcSample, 'jvmCpuSec' | 'childrenCpuSec' | 'logWriterCpuSec' | 'daemonsCpuSec'> {
    const s = this.samples;
    if (s.length < 2) throw new Error(`${s.length} /proc sample(s) of the topology: too few to read CPU over an interval`);
    if (atMs < s[0]!.atMs || atMs > s[s.length - 1]!.atMs) {
      throw new Error(`no /proc samples around ${new Date(atMs).toISOString()} (samples cover ${s.length} s)`);
    }
    let i = 1;
    while (i < s.length - 1 && s[i]!.atMs < atMs) i++;
    const lo = s[i - 1]!;
    const hi = s[i]!;
    const w = hi.atMs === lo.atMs ? 0 : (atMs - lo.atMs) / (hi.atMs - lo.atMs);
    const at = (k: 'jvmCpuSec' | 'childrenCpuSec' | 'logWriterCpuSec' | 'daemonsCpuSec'): number => lo[k] + (hi[k] - lo[k]) * w;
    return {
      jvmCpuSec: at('jvmCpuSec'),
      childrenCpuSec: at('childrenCpuSec'),
      logWriterCpuSec: at('logWriterCpuSec'),
      daemonsCpuSec: at('daemonsCpuSec'),
    };
  }
}
