// The user-activity pipeline on the loopback Storm cluster, for the fault matrix's Storm rows and the Storm throughput
// figure: `twinstorm submit` with the same conf as the local runs (addresses passed as conf keys: the worker has no
// TWINSTORM_SERVICES_DIR), one worker, and the facts the rows need — the worker JVM's pid, its node children, and the
// consumer group's committed offsets (how "done" and "replayed" are told on Storm, where counters restart with a worker).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawn } from 'node:child_process';
import { execa } from 'execa';
import { Kafka, logLevel } from 'kafkajs';
import type { Services } from './harness.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const TOPOLOGY = path.join(ROOT, 'examples', 'user-activity', 'topology.ts');
const CLI = path.join(ROOT, 'node_modules', '.bin', 'twinstorm');
const COMMAND_MS = 180_000;

/** A topology submitted to Storm; `kill()` removes it at once (the 4 shared slots must be given back promptly). */
export interface StormPipeline {
  readonly name: string;
  readonly id: string;
  kill(): Promise<void>;
}

async function twinstorm(args: string[]): Promise<string> {
  const r = await execa(CLI, args, { cwd: ROOT, reject: false, timeout: COMMAND_MS });
  if (r.exitCode !== 0) throw new Error(`twinstorm ${args.join(' ')} exited ${String(r.exitCode ?? r.signal)}: ${r.stderr}`);
  return r.stdout;
}

/**
 * Submits the example as `name` with `conf` (+ one worker) and returns its Storm id. A guard process is started first:
 * it holds a pipe from this process and kills the topology when the pipe closes, so the topology is removed even when
 * the bench dies without running its cleanup (kill -9, a parent's timeout) — the shared slots are never left taken.
 */
export async function submitPipeline(name: string, conf: Record<string, string>): Promise<StormPipeline> {
  const guard = startKillGuard(name);
  const args = ['submit', TOPOLOGY, '--name', name, '--json', '--conf', 'topology.workers=1'];
  for (const [k, v] of Object.entries(conf)) args.push('--conf', `${k}=${v}`);
  try {
    const submitted = JSON.parse(await twinstorm(args)) as { id: string | null };
    if (submitted.id === null) throw new Error(`twinstorm submit ${name}: Nimbus returned no topology id`);
    return { name, id: submitted.id, kill: () => killTopology(name).finally(guard) };
  } catch (error) {
    await killTopology(name).finally(guard);
    throw error;
  }
}

/** The guard's program: wait for stdin's end (this process gone, or told so), then `twinstorm kill <name>`. */
const GUARD = `process.stdin.resume();process.stdin.on('end',()=>{require('node:child_process').spawnSync(process.argv[1],['kill',process.argv[2],'--wait','0'],{stdio:'ignore',timeout:${COMMAND_MS}});process.exit(0);});`;

/** Starts the guard of topology `name` in a session of its own (a Ctrl-C or group kill does not take it); returns a
 * function that ends it (it then kills `name` once more, which is a no-op when the topology is gone). */
function startKillGuard(name: string): () => void {
  const child = spawn(process.execPath, ['-e', GUARD, CLI, name], { cwd: ROOT, detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
  child.unref();
  (child.stdin as unknown as { unref?: () => void }).unref?.();
  return () => child.stdin.end();
}

/** `twinstorm kill <name> --wait 0`; no error when it is already gone. */
export async function killTopology(name: string): Promise<void> {
  await execa(CLI, ['kill', name, '--wait', '0'], { cwd: ROOT, reject: false, timeout: COMMAND_MS });
}

/**
 * The pid of the worker JVM running topology `id`, or undefined while none runs. The supervisor starts it under a
 * LogWriter JVM whose command line carries the same arguments, so of the matches the one whose parent also matches.
 */
export async function workerPid(id: string): Promise<number | undefined> {
  const r = await execa('pgrep', ['-f', `Dstorm.id=${id} .*org.apache.storm.daemon.worker.Worker`], { reject: false });
  const pids = r.stdout
    .split('\n')
    .filter((l) => l.length > 0)
    .map(Number);
  const parentOf = (pid: number): number => {
    try {
      return Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ')[1]);
    } catch {
      return 0;
    }
  };
  return pids.find((pid) => pids.includes(parentOf(pid))) ?? (pids.length === 1 ? pids[0] : undefined);
}

/** The `node` children of `worker` (one per multilang task), with their command lines. */
export async function nodeChildren(worker: number): Promise<Array<{ pid: number; args: string }>> {
  const r = await execa('ps', ['-o', 'pid=,comm=,args=', '--ppid', String(worker)], { reject: false });
  return r.stdout
    .split('\n')
    .map((l) => l.trim().match(/^(\d+)\s+(\S+)\s+(.*)$/))
    .filter((m): m is RegExpMatchArray => m !== null && m[2] === 'node')
    .map((m) => ({ pid: Number(m[1]), args: m[3]! }));
}

/** Committed offsets of `group` on `topic` and the topic's end offsets, summed over partitions. */
export async function groupProgress(services: Services, group: string, topic: string): Promise<{ committed: number; end: number }> {
  const kafka = new Kafka({ clientId: 'bench-pipeline-offsets', brokers: services.brokers.split(','), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ends = await admin.fetchTopicOffsets(topic);
    const [committed] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
    const sum = (offsets: Array<{ offset: string }>): number => offsets.reduce((n, p) => n + Math.max(0, Number(p.offset)), 0);
    return { committed: sum(committed?.partitions ?? []), end: sum(ends) };
  } finally {
    await admin.disconnect();
  }
}
