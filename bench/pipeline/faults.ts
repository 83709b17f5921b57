// The fault matrix of the user-activity pipeline (Kafka → local engine → Postgres keyed by event id): for each fault,
// a fresh consumer group and schema over the same loaded topic, the fault injected mid-run, then a count of the rows.
//   node --import tsx bench/pipeline/faults.ts [--events 200000] [--dir /tmp/twinstorm-faults]
//     [--rows engine,postgres,kafka,storm-child,storm-worker] [--kill-at third|random] [--timeout 600] [--keep]
// --kill-at random injects each fault after a random number of rows (5 %–95 % of the events, printed) instead of a third.
// Runs on its own services (ports 29192/25432, state in --dir), never on `twinstorm services`' (they are shared);
// stops them at the end unless --keep. The storm-* rows submit the example to the loopback Storm cluster
// (`twinstorm storm up`; TWINSTORM_NIMBUS to point elsewhere), one worker, killed at the end of the row.
// Prints one JSON line per row, then the table and how each figure was obtained.
import { parseArgs } from 'node:util';
import { servicesDown, servicesUp } from '@twinstorm/services';
import {
  countRows,
  loadEvents,
  pipelineConf,
  privateServices,
  PRIVATE_PORTS,
  sleep,
  startRun,
  waitForRows,
  type Services,
} from './harness.ts';
import { groupProgress, nodeChildren, submitPipeline, workerPid } from './storm.ts';

/** One row of the matrix. */
interface FaultRow {
  fault: string;
  produced: number;
  rows: number;
  lost: number;
  duplicates: number;
  /** Events the pipeline delivered again after the fault though their row was already stored (or attempted again). */
  replayed: number;
  /** From the fault's end (restart) to the first new row in Postgres. */
  recoveryMs: number;
}

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '200000' },
    dir: { type: 'string', default: '/tmp/twinstorm-faults' },
    rows: { type: 'string', default: 'engine,postgres,kafka,storm-child,storm-worker' },
    keep: { type: 'boolean', default: false },
    'kill-at': { type: 'string', default: 'third' },
    /** Seconds each wait of a row may take (Storm on a busy 2-core machine needs far more than the local engine). */
    timeout: { type: 'string', default: '600' },
  },
});
if (args['kill-at'] !== 'third' && args['kill-at'] !== 'random')
  throw new TypeError(`--kill-at must be third or random, got "${args['kill-at']}"`);

/** The row count at which a fault is injected: a third of the events, or a random point (--kill-at random). */
function faultPoint(): number {
  if (args['kill-at'] === 'third') return Math.floor(EVENTS / 3);
  const at = Math.floor(EVENTS * (0.05 + Math.random() * 0.9));
  process.stderr.write(`faults: injecting the fault at ${at} of ${EVENTS} rows (random)\n`);
  return at;
}
const EVENTS = Number(args.events);
const TOPIC = `faults-${EVENTS}`;
const RUN_TIMEOUT_MS = Number(args.timeout) * 1000;
if (!(RUN_TIMEOUT_MS > 0)) throw new TypeError(`--timeout must be positive seconds, got "${args.timeout}"`);

/** Waits for the first row after `before` rows and returns how long it took. */
async function recovery(s: Services, schema: string, before: number, from: number): Promise<number> {
  await waitForRows(s.url, schema, before + 1, RUN_TIMEOUT_MS);
  return Date.now() - from;
}

function row(fault: string, counts: { rows: number; distinct: number }, replayed: number, recoveryMs: number): FaultRow {
  return {
    fault: args['kill-at'] === 'random' ? `${fault} (random moment)` : fault,
    produced: EVENTS,
    rows: counts.rows,
    lost: EVENTS - counts.distinct,
    duplicates: counts.rows - counts.distinct,
    replayed,
    recoveryMs,
  };
}

/** kill -9 the engine (its whole process group) at a third of the events, then the same command again. */
async function killEngine(s: Services): Promise<FaultRow> {
  const schema = `fault_engine_${Date.now()}`;
  const conf = pipelineConf(s, TOPIC, schema);
  const first = startRun(s, conf);
  await waitForRows(s.url, schema, faultPoint(), RUN_TIMEOUT_MS);
  first.kill9();
  await first.process;
  const atKill = (await countRows(s.url, schema)).rows;
  const restartedAt = Date.now();
  const second = startRun(s, conf);
  const recoveryMs = await recovery(s, schema, atKill, restartedAt);
  const final = await second.finished();
  return row('kill -9 local engine, restart', await countRows(s.url, schema), final.spoutTuples.emitted - (EVENTS - atKill), recoveryMs);
}

/** Stops a service (SIGTERM, then SIGKILL) at a third of the events, starts it again, lets the run finish. */
async function restartService(s: Services, name: 'postgres' | 'kafka', pauseMs: number): Promise<FaultRow> {
  const schema = `fault_${name}_${Date.now()}`;
  const run = startRun(s, pipelineConf(s, TOPIC, schema, { 'kafka.spout.max.tries': '1000' }));
  await waitForRows(s.url, schema, faultPoint(), RUN_TIMEOUT_MS);
  await servicesDown([name], { dir: s.dir });
  await sleep(pauseMs);
  const before = (await countRows(s.url, schema).catch(() => ({ rows: 0 }))).rows;
  await servicesUp([name], { dir: s.dir, ports: PRIVATE_PORTS });
  const upAt = Date.now();
  const recoveryMs = await recovery(s, schema, Math.max(before, (await countRows(s.url, schema)).rows), upAt);
  const final = await run.finished();
  return row(
    `restart ${name === 'kafka' ? 'the Kafka broker' : 'PostgreSQL'}`,
    await countRows(s.url, schema),
    final.spoutTuples.emitted - EVENTS,
    recoveryMs,
  );
}

/** Whether process `pid` still exists. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Polls `check` every `everyMs` until it returns a value (not undefined) or `timeoutMs` passes. */
async function until<T>(what: string, timeoutMs: number, everyMs: number, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const v = await check();
    if (v !== undefined) return v;
    await sleep(everyMs);
  }
  throw new Error(`faults: timed out after ${timeoutMs / 1000} s waiting for ${what}`);
}

/**
 * On Storm: submit the example (same conf as the local rows, one worker), kill -9 `victim` (the worker JVM or one of
 * its node children) at a third of the events, wait for Storm to bring the worker back. Done = every event has its row
 * and the group's committed offsets reached the topic's end (consumer lag 0). Replayed = rows stored when the worker
 * was gone − offsets committed by then: the stored events whose offsets were not yet committed, which the new worker's
 * spout reads and emits again (Storm's own counters restart with the worker, so they cannot tell it).
 */
async function killOnStorm(s: Services, victim: 'child' | 'worker'): Promise<FaultRow> {
  const name = `fault_storm_${victim}_${Date.now()}`;
  const topology = await submitPipeline(name, pipelineConf(s, TOPIC, name));
  try {
    await waitForRows(s.url, name, faultPoint(), RUN_TIMEOUT_MS);
    const worker = await until('the worker JVM', 30_000, 200, () => workerPid(topology.id));
    let target = worker;
    if (victim === 'child') {
      const children = await nodeChildren(worker);
      const child = children.at(-1);
      if (child === undefined) throw new Error(`faults: worker ${worker} of ${topology.id} has no node child`);
      process.stderr.write(`faults: kill -9 node child ${child.pid} (${child.args.slice(0, 160)}) of worker ${worker}\n`);
      target = child.pid;
    } else process.stderr.write(`faults: kill -9 worker JVM ${worker} of ${topology.id}\n`);
    const orphans = (await nodeChildren(worker)).map((c) => c.pid);
    const killedAt = Date.now();
    process.kill(target, 'SIGKILL');
    // A dead node child halts its worker (ShellBolt/ShellSpout die → the JVM exits); either way the worker is gone, and
    // its children exit on their closed stdin (they may flush a batch first): count once all of them are gone.
    await until('the worker to exit', 60_000, 100, async () => ((await workerPid(topology.id)) === worker ? undefined : true));
    await until("the old worker's node children to exit", 60_000, 100, () =>
      Promise.resolve(orphans.some((pid) => alive(pid)) ? undefined : true),
    );
    const atKill = (await countRows(s.url, name)).rows;
    const committedAtKill = (await groupProgress(s, name, TOPIC)).committed;
    process.stderr.write(`faults: ${atKill} rows stored and ${committedAtKill} offsets committed once the old worker was gone\n`);
    const recoveryMs = await recovery(s, name, atKill, killedAt);
    await until('every row and consumer lag 0', RUN_TIMEOUT_MS, 1000, async () => {
      const [{ distinct }, progress] = await Promise.all([countRows(s.url, name), groupProgress(s, name, TOPIC)]);
      return distinct >= EVENTS && progress.committed >= progress.end ? true : undefined;
    });
    return row(
      `Storm: kill -9 ${victim === 'child' ? 'a node child' : 'the worker JVM'}`,
      await countRows(s.url, name),
      atKill - committedAtKill,
      recoveryMs,
    );
  } finally {
    await topology.kill();
  }
}

const ROWS: Record<string, (s: Services) => Promise<FaultRow>> = {
  engine: killEngine,
  postgres: (s) => restartService(s, 'postgres', 2000),
  kafka: (s) => restartService(s, 'kafka', 2000),
  'storm-child': (s) => killOnStorm(s, 'child'),
  'storm-worker': (s) => killOnStorm(s, 'worker'),
};

/** How the figures were obtained, printed under the table. */
const HOW = [
  "rows / duplicates: count(*) and count(DISTINCT event_id) of the row's scored_activity; lost = produced − distinct.",
  'local rows: done = `twinstorm run --until-idle` exits (lag 0, nothing pending); replayed = spout tuples emitted after the fault − events not yet stored at the fault.',
  "Storm rows: done = every event has its row and the consumer group's committed offsets reached the topic's end (lag 0); replayed = rows stored when the worker was gone − offsets committed by then (Kafka offsets: Storm's counters restart with the worker).",
  'recovery: from the restart (local engine, service) or the kill (Storm, which restarts the worker itself) to the first new row.',
];

async function main(): Promise<void> {
  const wanted = args.rows.split(',').filter((r) => r.length > 0);
  for (const r of wanted) if (!(r in ROWS)) throw new Error(`--rows: unknown row "${r}" (choose from ${Object.keys(ROWS).join(', ')})`);
  const services = await privateServices(args.dir);
  const results: FaultRow[] = [];
  try {
    await loadEvents(services, TOPIC, EVENTS);
    for (const name of wanted) {
      process.stderr.write(`faults: row ${name}\n`);
      const result = await ROWS[name]!(services);
      process.stdout.write(`${JSON.stringify(result)}\n`);
      results.push(result);
    }
  } finally {
    if (!args.keep) await servicesDown(['kafka', 'postgres'], { dir: args.dir });
  }
  const header = ['fault', 'produced', 'rows', 'lost', 'duplicates', 'replayed', 'recovery s'];
  process.stdout.write(`\n| ${header.join(' | ')} |\n|${header.map(() => ' --- ').join('|')}|\n`);
  for (const r of results)
    process.stdout.write(
      `| ${r.fault} | ${r.produced} | ${r.rows} | ${r.lost} | ${r.duplicates} | ${r.replayed} | ${(r.recoveryMs / 1000).toFixed(1)} |\n`,
    );
  process.stdout.write(`\n${HOW.map((l) => `- ${l}`).join('\n')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`faults: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
