import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** One process as /proc shows it: enough to tell whether it belongs to a cluster. */
export interface ProcessEntry {
  readonly pid: number;
  readonly ppid: number;
  readonly pgid: number;
  readonly cmdline: string;
  readonly cwd: string | null;
}

function readEntry(pid: number): ProcessEntry | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which sits in parentheses and may itself contain spaces or ')'.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const state = rest[0];
    if (state === 'Z' || state === 'X') return null;
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
    let cwd: string | null = null;
    try {
      cwd = readlinkSync(`/proc/${pid}/cwd`);
    } catch {
      cwd = null;
    }
    return { pid, ppid: Number(rest[1]), pgid: Number(rest[2]), cmdline, cwd };
  } catch {
    return null; // gone while we looked, or not ours to read
  }
}

/** Every live process on the machine (Linux /proc); zombies are left out since they hold nothing. */
export function listProcesses(): ProcessEntry[] {
  const out: ProcessEntry[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const entry = readEntry(Number(name));
    if (entry) out.push(entry);
  }
  return out;
}

/**
 * The processes a cluster rooted at `dir` started: the daemons' process groups, anything whose command line names
 * the directory (workers, log writers), anything running inside it (multilang children run in the worker's
 * resources dir), and all their descendants. Never this process or its ancestors.
 */
export function clusterProcesses(dir: string, pgids: readonly number[]): ProcessEntry[] {
  const all = listProcesses();
  const protectedPids = new Set<number>();
  const byPid = new Map(all.map((p) => [p.pid, p]));
  for (let p = byPid.get(process.pid); p; p = byPid.get(p.ppid)) {
    protectedPids.add(p.pid);
    if (p.ppid <= 1) break;
  }
  const mine = new Set<number>();
  for (const p of all) {
    if (protectedPids.has(p.pid)) continue;
    // `${dir}/`, not `dir`: a cluster in /x/storm must not claim the processes of one in /x/storm2.
    const inDir = p.cmdline.includes(`${dir}/`) || (p.cwd !== null && (p.cwd === dir || p.cwd.startsWith(`${dir}/`)));
    if (inDir || pgids.includes(p.pgid)) mine.add(p.pid);
  }
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of all) {
      if (!mine.has(p.pid) && !protectedPids.has(p.pid) && mine.has(p.ppid)) {
        mine.add(p.pid);
        grew = true;
      }
    }
  }
  return all.filter((p) => mine.has(p.pid));
}

/** True while `pid` runs (and is not a zombie). */
export function isAlive(pid: number): boolean {
  return readEntry(pid) !== null;
}
