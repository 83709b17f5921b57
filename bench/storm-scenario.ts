// One run of one Storm scenario on the loopback cluster: submit under a unique name, wait for acked sentences, warm
// up, measure a steady window from Storm's own counters (Nimbus Thrift) and /proc, then kill it and wait until Nimbus
// and /proc no longer show it. Every figure says where it came from (see StormRunFigures).
import { killTopology, listTopologies } from '@twinstorm/cluster';
import type { StormSession } from './storm-cluster.ts';
import { counterWindow, readCounters, type CounterSnapshot } from './storm-counters.ts';
import { processStartMs, readTopologyProcs, selfCpu, type ProcUnits } from './storm-procs.ts';
import { ProcSampler } from './storm-sampler.ts';
import { submitStormScenario, type StormScenario } from './storm/topologies.ts';
import type { StormRunFigures } from './types.ts';

/** How long each phase lasts. */
export interface StormTiming {
  /** Seconds of warm-up after the first acked sentence is seen. */
  warmupSec: number;
  /** Seconds of the measured window (the heartbeat interval ends up within a few seconds of it). */
  windowSec: number;
  /** Status reads inside the window besides its two ends (each starts a JVM: a few CPU seconds). */
  midSamples: number;
  /** Give up when the spout has acked nothing this long after the submit. */
  startupTimeoutSec: number;
  /**
   * topology.stats.sample.rate of every submit: Storm's default 0.05 unless asked otherwise. At 1.0 every tuple is
   * counted, but Storm 2.x then recomputes each bolt's capacity on every executed tuple (BoltExecutorStats), a cost
   * no cluster at the default pays; at 0.05 counters grow by 20 per sampled tuple (an estimate, exact in the mean).
   */
  statsSampleRate: number;
}

const MB = 2 ** 20;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, Math.max(0, ms)));
const round = (x: number, digits: number): number => Math.round(x * 10 ** digits) / 10 ** digits;

/** Runs one measured run of `scenario`; always kills what it submitted, also when the measurement fails. */
export async function runStormScenario(
  scenario: StormScenario,
  run: number,
  session: StormSession,
  timing: StormTiming,
  units: ProcUnits,
  progress: (line: string) => void,
): Promise<StormRunFigures> {
  const name = `bench-${scenario.replace(/^storm-/, '')}-${Date.now().toString(36)}-${run}`;
  const t0 = Date.now();
  progress(`${scenario} run ${run}: submitting as ${name}`);
  session.live.add(name);
  let sampler: ProcSampler | null = null;
  try {
    // Exact counts whatever the cluster's storm.yaml says (ours sets 1.0 too).
    await submitStormScenario(scenario, {
      topologyName: name,
      nimbus: session.nimbus,
      conf: { 'topology.stats.sample.rate': timing.statsSampleRate },
    });
    const submitSec = (Date.now() - t0) / 1000;
    // From the submit on, so the peak RSS covers the worker's start too.
    sampler = new ProcSampler(name, session.daemonPids, units);
    const first = await waitForAcks(name, session, timing.startupTimeoutSec, t0);
    const startupSec = (first.returnedAtMs - t0) / 1000;
    progress(
      `${scenario} run ${run}: ${first.sentences} sentences acked ${Math.round(startupSec)} s after submit; warming up ${timing.warmupSec} s`,
    );
    await sleep(timing.warmupSec * 1000 - (Date.now() - first.returnedAtMs));

    const workerPid = sampler.last?.workers[0]?.pid;
    if (workerPid === undefined) throw new Error(`${name}: no worker JVM of ${first.topologyId} in /proc`);
    const workerStartMs = processStartMs(workerPid, units);
    if (workerStartMs === null) throw new Error(`${name}: the worker JVM ${workerPid} is gone`);
    const overheadStart = selfCpu(units);
    const snaps: CounterSnapshot[] = [await readCounters(name, session.nimbus)];
    const windowStart = snaps[0]!.returnedAtMs;
    const parts = timing.midSamples + 1;
    for (let i = 1; i <= parts; i++) {
      // Each read starts early by the quickest read so far, so its counters are about windowSec × i / parts newer.
      const quickest = Math.min(...snaps.map((x) => x.callMs));
      await sleep(windowStart + (timing.windowSec * 1000 * i) / parts - quickest - Date.now());
      snaps.push(await readCounters(name, session.nimbus));
    }
    // A slow or early read may leave the window short of windowSec on Storm's clock: read again until it is not.
    while (snaps[snaps.length - 1]!.uptimeSec - snaps[0]!.uptimeSec < timing.windowSec - 2) {
      await sleep(3000);
      snaps.push(await readCounters(name, session.nimbus));
    }
    const overheadEnd = selfCpu(units);
    sampler.sample();
    sampler.stop();
    const a = snaps[0]!;
    const b = snaps[snaps.length - 1]!;
    const w = counterWindow(a, b);
    // The heartbeats on the wall clock: the worker JVM's start (from /proc) plus the uptime it reported.
    const hbMs = (s: CounterSnapshot): number => workerStartMs + s.uptimeSec * 1000;
    const cpu = sampler.cpuBetween(hbMs(a), hbMs(b));
    const peak = sampler.peakBetween(t0, b.returnedAtMs);
    const pidSets = sampler.pidSetsBetween(hbMs(a), hbMs(b));
    const procs = sampler.last ?? readTopologyProcs(name, session.daemonPids, units);
    const cpuSec = cpu.jvmSec + cpu.childrenSec;
    const segments = snaps.slice(1).map((s, i) => counterWindow(snaps[i]!, s));
    const problems = [
      ...(w.failed > 0 ? [`${w.failed} spout tuples failed in the window`] : []),
      ...(pidSets.length > 1 ? [`the worker or a child was restarted in the window (pid sets ${pidSets.join(' | ')})`] : []),
      ...(b.errors.length > 0 ? [`Storm reports errors: ${b.errors.slice(0, 3).join('; ')}`] : []),
    ];
    const figures: StormRunFigures = {
      sentences: w.sentences,
      wordTuples: w.wordTuples,
      measuredSec: w.intervalSec,
      sentencesPerSec: w.sentencesPerSec,
      tuplesPerSec: w.tuplesPerSec,
      latencyP50Ms: null,
      latencyP99Ms: null,
      latencyMeanMs: w.latencyMeanMs,
      rssMb: peak === null ? 0 : round((peak.jvmRssBytes + peak.childrenRssBytes) / MB, 1),
      cpuSec: round(cpuSec, 3),
      storm: {
        topology: name,
        topologyId: first.topologyId,
        failed: w.failed,
        problems,
        cpu: {
          workerJvmSec: round(cpu.jvmSec, 3),
          childrenSec: round(cpu.childrenSec, 3),
          childrenShare: cpuSec > 0 ? round(cpu.childrenSec / cpuSec, 3) : 0,
          coresBusy: round(cpuSec / w.intervalSec, 2),
          workerJvmUsPerWordTuple: w.wordTuples > 0 ? round((cpu.jvmSec * 1e6) / w.wordTuples, 2) : null,
          childrenUsPerWordTuple: w.wordTuples > 0 ? round((cpu.childrenSec * 1e6) / w.wordTuples, 2) : null,
          logWriterSec: round(cpu.logWriterSec, 3),
          daemonsSec: round(cpu.daemonsSec, 3),
          statusJvmsSec: round(overheadEnd.childrenSec - overheadStart.childrenSec, 2),
          samplerSec: round(overheadEnd.selfSec - overheadStart.selfSec, 2),
        },
        rss: {
          peakWorkerJvmMb: peak === null ? 0 : round(peak.jvmRssBytes / MB, 1),
          peakChildrenMb: peak === null ? 0 : round(peak.childrenRssBytes / MB, 1),
          logWriterMb: peak === null ? 0 : round(peak.logWriterRssBytes / MB, 1),
          daemonsMb: Object.fromEntries(Object.entries(peak?.daemonRssBytes ?? {}).map(([d, v]) => [d, round(v / MB, 1)])),
        },
        processes: { workerJvms: procs.workers.length, children: procs.childCommands },
        window: {
          heartbeatUptimeSec: [a.uptimeSec, b.uptimeSec],
          statusCalls: snaps.length,
          statusCallSec: snaps.map((s) => round(s.callMs / 1000, 1)),
          heartbeatLagSec: snaps.map((s) => round((s.returnedAtMs - hbMs(s)) / 1000, 1)),
          segments: segments.map((s) => ({ sec: s.intervalSec, sentencesPerSec: s.sentencesPerSec, tuplesPerSec: s.tuplesPerSec })),
        },
        submitSec: round(submitSec, 1),
        startupSec: round(startupSec, 1),
        warmupSec: round((a.returnedAtMs - first.returnedAtMs) / 1000, 1),
      },
    };
    progress(
      `${scenario} run ${run}: ${w.sentencesPerSec.toLocaleString('en-US')} sentences/s, ${w.tuplesPerSec.toLocaleString('en-US')} word tuples/s ` +
        `over ${w.intervalSec} s, complete latency mean ${w.latencyMeanMs ?? 'n/a'} ms, peak RSS ${figures.rssMb} MB, ` +
        `CPU ${figures.cpuSec} s (worker JVM ${figures.storm.cpu.workerJvmSec} s, children ${figures.storm.cpu.childrenSec} s)` +
        (problems.length > 0 ? `; ${problems.join('; ')}` : ''),
    );
    return figures;
  } finally {
    sampler?.stop();
    if (!session.interrupted) await killAndWait(name, session, units, progress);
  }
}

/** Polls `status` until the spout has acked something (the first heartbeat after the worker started). */
async function waitForAcks(name: string, session: StormSession, timeoutSec: number, t0: number): Promise<CounterSnapshot> {
  for (;;) {
    const s = await readCounters(name, session.nimbus).catch((e: unknown) => {
      if (Date.now() - t0 > timeoutSec * 1000) throw e;
      return null;
    });
    if (s !== null && s.sentences > 0) return s;
    if (s !== null && s.errors.length > 0) throw new Error(`${name}: Storm reports errors before any ack: ${s.errors.join('; ')}`);
    if (Date.now() - t0 > timeoutSec * 1000) throw new Error(`${name}: nothing acked ${timeoutSec} s after the submit`);
    await sleep(2000);
  }
}

/** Kills the topology (no wait) and waits until its processes are gone from /proc and Nimbus no longer lists it. */
async function killAndWait(name: string, session: StormSession, units: ProcUnits, progress: (line: string) => void): Promise<void> {
  const t0 = Date.now();
  await killTopology(name, { nimbus: session.nimbus, waitSecs: 0 }).catch((e: unknown) =>
    progress(`killing ${name}: ${(e as Error).message}`),
  );
  const deadline = t0 + 120_000;
  while (Date.now() < deadline) {
    const p = readTopologyProcs(name, {}, units);
    if (p.workers.length + p.children.length + p.logWriters.length === 0) break;
    await sleep(500);
  }
  while (Date.now() < deadline) {
    const listed = await listTopologies({ nimbus: session.nimbus }).catch(() => null);
    if (listed !== null && !listed.some((t) => t.name === name)) {
      session.live.delete(name);
      progress(`${name} killed and gone (${Math.round((Date.now() - t0) / 1000)} s)`);
      return;
    }
    await sleep(2000);
  }
  throw new Error(`${name} was still listed by Nimbus or still had processes 120 s after the kill`);
}
