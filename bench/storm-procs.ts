// What a Storm scenario costs the machine, read from /proc: the topology's worker JVM(s), their multilang children
// (node, python), the worker's LogWriter JVM and the cluster daemons, each with cumulative CPU ticks and RSS.
import { readdirSync, readFileSync } from 'node:fs';
import { execa } from 'execa';

/** One process's cumulative CPU and current RSS. */
export interface ProcFigures {
  pid: number;
  /** utime + stime of the process (all its threads), seconds. */
  cpuSec: number;
  rssBytes: number;
}

/** The processes of one topology and of the cluster, grouped the way the report splits them. */
export interface TopologyProcs {
  /** Worker JVMs running the topology (org.apache.storm.daemon.worker.Worker <topology-id>). */
  workers: ProcFigures[];
  /** Every descendant of a worker JVM: the multilang children (none for a Java topology). */
  children: ProcFigures[];
  /** Child command names, e.g. "node twinstorm/run.js split", one per child. */
  childCommands: string[];
  /** The LogWriter JVM Storm starts in front of each worker (pipes its output to the log). */
  logWriters: ProcFigures[];
  /** The cluster daemons by name (zookeeper, nimbus, supervisor). */
  daemons: Record<string, ProcFigures>;
}

interface StatLine {
  pid: number;
  ppid: number;
  comm: string;
  cpuTicks: number;
  rssPages: number;
  startTicks: number;
}

/** Clock ticks per second and page size, from getconf (Linux: almost always 100 and 4096). */
export interface ProcUnits {
  ticksPerSec: number;
  pageBytes: number;
}

/** Asks getconf once for the units /proc/<pid>/stat counts in, so CPU and RSS are right on any kernel. */
export async function procUnits(): Promise<ProcUnits> {
  const get = async (name: string, fallback: number): Promise<number> => {
    const r = await execa('getconf', [name], { reject: false });
    const n = Number(r.stdout.trim());
    return r.exitCode === 0 && Number.isInteger(n) && n > 0 ? n : fallback;
  };
  return { ticksPerSec: await get('CLK_TCK', 100), pageBytes: await get('PAGESIZE', 4096) };
}

function readStat(pid: number): StatLine | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = text.lastIndexOf(')');
    const comm = text.slice(text.indexOf('(') + 1, close);
    // Fields from the state (field 3) on: ppid 4, utime 14, stime 15, starttime 22, rss 24.
    const f = text.slice(close + 2).split(' ');
    if (f[0] === 'Z' || f[0] === 'X') return null;
    return { pid, ppid: Number(f[1]), comm, cpuTicks: Number(f[11]) + Number(f[12]), rssPages: Number(f[21]), startTicks: Number(f[19]) };
  } catch {
    return null; // gone while we looked
  }
}

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
  } catch {
    return '';
  }
}

function allStats(): StatLine[] {
  const out: StatLine[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const s = readStat(Number(name));
    if (s !== null) out.push(s);
  }
  return out;
}

/**
 * One look at /proc: the worker JVM(s) of the topology named `name` (Storm passes its id, `<name>-<n>-<time>`, on the
 * worker's command line; the LogWriter, whose command line also names the Worker class, is kept separately), all
 * their descendants, and the daemons by pid.
 */
export function readTopologyProcs(name: string, daemonPids: Readonly<Record<string, number>>, units: ProcUnits): TopologyProcs {
  const idPattern = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-\\d+-\\d+$`);
  const stats = allStats();
  const figures = (s: StatLine): ProcFigures => ({
    pid: s.pid,
    cpuSec: s.cpuTicks / units.ticksPerSec,
    rssBytes: s.rssPages * units.pageBytes,
  });
  const workers: StatLine[] = [];
  const logWriters: StatLine[] = [];
  for (const s of stats) {
    if (s.comm !== 'java') continue;
    const cmd = cmdline(s.pid);
    if (!cmd.includes('org.apache.storm.daemon.worker.Worker') || !cmd.split(' ').some((arg) => idPattern.test(arg))) continue;
    (cmd.includes('org.apache.storm.LogWriter') ? logWriters : workers).push(s);
  }
  const byParent = new Map<number, StatLine[]>();
  for (const s of stats) byParent.set(s.ppid, [...(byParent.get(s.ppid) ?? []), s]);
  const children: StatLine[] = [];
  const queue = workers.map((w) => w.pid);
  while (queue.length > 0) {
    for (const c of byParent.get(queue.shift()!) ?? []) {
      children.push(c);
      queue.push(c.pid);
    }
  }
  const daemons: Record<string, ProcFigures> = {};
  for (const [name, pid] of Object.entries(daemonPids)) {
    const s = stats.find((x) => x.pid === pid);
    if (s !== undefined) daemons[name] = figures(s);
  }
  return {
    workers: workers.map(figures),
    children: children.map(figures),
    childCommands: children.map((c) => cmdline(c.pid) || c.comm),
    logWriters: logWriters.map(figures),
    daemons,
  };
}

/** When a process started, in ms since the epoch (from its start time in ticks since boot and /proc/uptime). */
export function processStartMs(pid: number, units: ProcUnits): number | null {
  const s = readStat(pid);
  if (s === null) return null;
  const uptimeSec = Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
  return Date.now() - (uptimeSec - s.startTicks / units.ticksPerSec) * 1000;
}

/** This process's own CPU and that of its reaped children (the status JVMs the driver ran), seconds. */
export function selfCpu(units: ProcUnits): { selfSec: number; childrenSec: number } {
  const text = readFileSync('/proc/self/stat', 'utf8');
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // utime 14, stime 15, cutime 16, cstime 17.
  return {
    selfSec: (Number(f[11]) + Number(f[12])) / units.ticksPerSec,
    childrenSec: (Number(f[13]) + Number(f[14])) / units.ticksPerSec,
  };
}
