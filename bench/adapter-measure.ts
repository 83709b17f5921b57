// One adapter's pass-through measurement for bench/adapter.ts: drive a multilang child through the fake-Storm
// harness with a bounded number of tuples in flight, and read the child's CPU time from /proc around the window.
import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import type { TopologySpec } from '@twinstorm/core';
import { execa } from 'execa';
import { FakeStorm, type ChildCommand } from '@twinstorm/multilang/testing';

/** What one adapter did in the measured window. */
export interface AdapterFigures {
  readonly adapter: string;
  readonly command: string;
  readonly tuples: number;
  /** Child CPU (user + system, all threads) in the measured window, ms. */
  readonly cpuMs: number;
  readonly wallMs: number;
  readonly cpuUsPerTuple: number;
  readonly wallUsPerTuple: number;
  readonly tuplesPerSec: number;
  /** The harness's own CPU per tuple (this process): if it saturates, the child sees fewer frames per read. */
  readonly harnessCpuUsPerTuple: number;
  readonly heartbeatsAnswered: number;
  readonly maxHeartbeatLatencyMs: number;
}

/** How to measure. */
export interface MeasureOptions {
  readonly spec: TopologySpec;
  readonly componentId: string;
  readonly warmup: number;
  readonly tuples: number;
  /** Tuples sent and not yet acked, at most (ShellBolt's pending writes are bounded by topology.shellbolt.max.pending, 100). */
  readonly inFlight: number;
  /** Batch the harness's writes (see FakeStormOptions.coalesceWrites); default off, as Storm flushes each message. */
  readonly coalesce?: boolean;
  /** The child's stdin/stdout: real pipes as Storm gives them (default), or Node's socketpairs (see SpawnOptions). */
  readonly stdio?: 'pipe' | 'socketpair';
}

let clockTicks: number | undefined;

/** Kernel clock ticks per second (the unit of utime/stime in /proc/<pid>/stat). */
async function ticksPerSecond(): Promise<number> {
  if (clockTicks === undefined) {
    const r = await execa('getconf', ['CLK_TCK'], { reject: false });
    const n = Number(r.stdout);
    clockTicks = Number.isFinite(n) && n > 0 ? n : 100;
  }
  return clockTicks;
}

/** utime + stime of a process (all its threads), in ms. */
export async function processCpuMs(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces and parentheses: split after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return ((utime + stime) / (await ticksPerSecond())) * 1000;
}

/**
 * Pushes `count` tuples through the child, at most `inFlight` unacked at a time; fails on any fatal condition.
 * Completion is signalled from the ack callback, and a slow timer watches for fatal conditions, so the harness
 * spends nothing per frame on waiting.
 */
async function push(storm: FakeStorm, count: number, inFlight: number): Promise<void> {
  let sent = 0;
  let settled = 0;
  let done: () => void = () => {};
  const finished = new Promise<void>((resolve) => (done = resolve));
  const onSettled = (): void => {
    settled++;
    if (sent < count) send();
    else if (settled === count) done();
  };
  const send = (): void => {
    sent++;
    storm.sendTuple([sent], { onSettled });
  };
  for (let i = 0; i < Math.min(inFlight, count); i++) send();
  let timer: NodeJS.Timeout | undefined;
  const deadline = Date.now() + Math.max(60_000, count * 2);
  const watchdog = new Promise<void>((resolve) => {
    timer = setInterval(() => {
      if (storm.fatal !== undefined || storm.exit !== undefined || Date.now() > deadline) resolve();
    }, 100);
  });
  await Promise.race([finished, watchdog]);
  clearInterval(timer);
  storm.assertHealthy();
  if (settled !== count) throw new Error(`${settled} of ${count} tuples settled (child exit: ${JSON.stringify(storm.exit)})`);
}

/** Starts the child, warms it up, measures the window, stops it. */
export async function measureAdapter(adapter: string, child: ChildCommand, opts: MeasureOptions): Promise<AdapterFigures> {
  const storm = await FakeStorm.start({
    spec: opts.spec,
    componentId: opts.componentId,
    ...child,
    spawn: { ...child.spawn, stdio: opts.stdio ?? 'pipe' },
    collect: false,
    coalesceWrites: opts.coalesce === true,
    handshakeTimeoutMs: 60_000,
  });
  try {
    await push(storm, opts.warmup, opts.inFlight);
    const hb0 = storm.heartbeatLatencies.length;
    const cpu0 = await processCpuMs(storm.pid);
    const own0 = process.cpuUsage();
    const t0 = performance.now();
    await push(storm, opts.tuples, opts.inFlight);
    const wallMs = performance.now() - t0;
    const cpuMs = (await processCpuMs(storm.pid)) - cpu0;
    const own = process.cpuUsage(own0);
    const latencies = storm.heartbeatLatencies.slice(hb0);
    await storm.stop();
    return {
      adapter,
      command: child.command.join(' '),
      tuples: opts.tuples,
      cpuMs,
      wallMs,
      cpuUsPerTuple: (cpuMs * 1000) / opts.tuples,
      wallUsPerTuple: (wallMs * 1000) / opts.tuples,
      tuplesPerSec: opts.tuples / (wallMs / 1000),
      harnessCpuUsPerTuple: (own.user + own.system) / opts.tuples,
      heartbeatsAnswered: latencies.length,
      maxHeartbeatLatencyMs: latencies.length === 0 ? 0 : Math.max(...latencies),
    };
  } finally {
    await storm.dispose();
  }
}
