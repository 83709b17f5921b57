// What the fault matrix and the end-to-end bench share: a private set of services, events loaded once, the example
// run as `twinstorm run` in its own process group (so kill -9 takes the whole engine), and row counts from Postgres.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa, type ResultPromise } from 'execa';
import pg from 'pg';
import { servicesUp, type ServiceName } from '@twinstorm/services';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const TOPOLOGY = path.join(ROOT, 'examples', 'user-activity', 'topology.ts');
const LOAD = path.join(ROOT, 'examples', 'user-activity', 'load.ts');
const CLI = path.join(ROOT, 'node_modules', '.bin', 'twinstorm');

/** Added to every private port (env TWINSTORM_BENCH_PORT_OFFSET), so a bench and a fault run can go side by side. */
const PORT_OFFSET = Number(process.env.TWINSTORM_BENCH_PORT_OFFSET ?? 0);
if (!Number.isInteger(PORT_OFFSET) || PORT_OFFSET < 0 || PORT_OFFSET > 1000)
  throw new TypeError(`TWINSTORM_BENCH_PORT_OFFSET must be an integer 0–1000, got "${process.env.TWINSTORM_BENCH_PORT_OFFSET}"`);

/** Ports of the private services: away from `twinstorm services`' (19092, 15432, 16379) so those are never touched. */
export const PRIVATE_PORTS = {
  kafka: 29192 + PORT_OFFSET,
  kafkaController: 29193 + PORT_OFFSET,
  postgres: 25432 + PORT_OFFSET,
  redis: 26479 + PORT_OFFSET,
};

/** The private services' addresses and state dir. */
export interface Services {
  readonly dir: string;
  readonly brokers: string;
  readonly url: string;
  /** Process groups of the servers (each server is its own group), for CPU accounting. */
  readonly pids: { readonly kafka: number; readonly postgres: number };
}

/** Starts (or reuses) the services of `dir` on PRIVATE_PORTS. */
export async function privateServices(dir: string, names: ServiceName[] = ['kafka', 'postgres']): Promise<Services> {
  const started = await servicesUp(names, { dir, ports: PRIVATE_PORTS, onProgress: (l) => process.stderr.write(`[services] ${l}\n`) });
  const kafka = started.find((s) => s.name === 'kafka')?.address as { brokers: string };
  const postgres = started.find((s) => s.name === 'postgres')?.address as { url: string };
  const pid = (name: ServiceName): number => started.find((s) => s.name === name)?.pid ?? 0;
  return { dir, brokers: kafka.brokers, url: postgres.url, pids: { kafka: pid('kafka'), postgres: pid('postgres') } };
}

/** Loads the generator's first `events` events into `topic` (load.ts: idempotent). */
export async function loadEvents(services: Services, topic: string, events: number): Promise<void> {
  await execa('node', ['--import', 'tsx', LOAD, '--events', String(events), '--topic', topic, '--brokers', services.brokers], {
    cwd: ROOT,
    stderr: 'inherit',
  });
}

/** How a pipeline run's engine is started: its own process group, so kill -9 takes all of it. */
function runOptions(services: Services) {
  return {
    cwd: ROOT,
    detached: true,
    reject: false,
    env: { TWINSTORM_SERVICES_DIR: services.dir },
    stderr: 'pipe',
    stdout: 'pipe',
  } as const;
}

/** One run of the example from Kafka to Postgres, in its own group and schema. */
export interface PipelineRun {
  readonly process: ResultPromise<ReturnType<typeof runOptions>>;
  /** Kills the engine's whole process group with SIGKILL. */
  kill9(): void;
  /** The run's final JSON snapshot (rejects when the process was killed or failed). */
  finished(): Promise<{ spoutTuples: { emitted: number; acked: number; failed: number } }>;
}

/** The conf of a Kafka → Postgres run reading `topic` as group `name` into schema `name`. */
export function pipelineConf(services: Services, topic: string, name: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    'useractivity.source': 'kafka',
    'useractivity.sink': 'postgres',
    'useractivity.kafka.topic': topic,
    'useractivity.postgres.schema': name,
    'useractivity.postgres.url': services.url,
    'kafka.brokers': services.brokers,
    'kafka.group.id': name,
    'topology.max.spout.pending': '50000',
    'useractivity.saver.batch': '2000',
    ...extra,
  };
}

/** Starts `twinstorm run … --until-idle --json` with `conf`. */
export function startRun(services: Services, conf: Record<string, string>): PipelineRun {
  const args = ['run', TOPOLOGY, '--until-idle', '--json'];
  for (const [k, v] of Object.entries(conf)) args.push('--conf', `${k}=${v}`);
  const child = execa(CLI, args, runOptions(services));
  return {
    process: child,
    kill9: () => {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    },
    finished: async () => {
      const r = await child;
      if (r.exitCode !== 0) throw new Error(`twinstorm run exited ${String(r.exitCode ?? r.signal)}: ${String(r.stderr).slice(-2000)}`);
      return JSON.parse(String(r.stdout).trim().split('\n').at(-1) ?? '{}') as {
        spoutTuples: { emitted: number; acked: number; failed: number };
      };
    },
  };
}

/** Rows and distinct event ids in `schema`.scored_activity (0, 0 before the table exists). */
export async function countRows(url: string, schema: string): Promise<{ rows: number; distinct: number }> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    const r = await client.query<{ rows: string; distinct: string }>(
      `SELECT count(*) AS rows, count(DISTINCT event_id) AS distinct FROM ${schema}.scored_activity`,
    );
    return { rows: Number(r.rows[0]?.rows ?? 0), distinct: Number(r.rows[0]?.distinct ?? 0) };
  } catch (error) {
    if ((error as { code?: string }).code === '42P01' || (error as { code?: string }).code === '3F000') return { rows: 0, distinct: 0 };
    throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Polls until `schema` has at least `rows` rows (or `timeoutMs` passes); resolves with the count seen last. */
export async function waitForRows(url: string, schema: string, rows: number, timeoutMs: number): Promise<number> {
  const until = Date.now() + timeoutMs;
  let seen = 0;
  while (Date.now() < until) {
    seen = (await countRows(url, schema).catch(() => ({ rows: seen }))).rows;
    if (seen >= rows) return seen;
    await sleep(100);
  }
  return seen;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) used so far by process `root` and its descendants (Linux /proc; PostgreSQL's backends
 * are children of the postmaster but each in a group of its own, so the tree is followed, not the group). */
export function treeCpuSeconds(root: number): number {
  const parent = new Map<number, number>();
  const ticks = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    // Fields after the command (which may hold spaces) in parentheses: state(3) ppid(4) … utime(14) stime(15).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    parent.set(Number(entry), Number(fields[1]));
    ticks.set(Number(entry), Number(fields[11]) + Number(fields[12]));
  }
  let total = 0;
  for (const [pid, t] of ticks) {
    for (let p: number | undefined = pid; p !== undefined && p > 1; p = parent.get(p)) {
      if (p === root) {
        total += t;
        break;
      }
    }
  }
  return total / TICKS_PER_SECOND;
}
