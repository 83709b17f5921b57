// Issue 16 item 4: the user-activity scorers' per-user state survives kill -9 of the engine. For each state provider,
// the same events twice from Kafka to PostgreSQL: once uninterrupted, once with a kill -9 of the whole engine (its
// process group) halfway and the same command again. With durable state (redis, postgres) the restarted run restores
// every baseline, risk and cooldown and its alerts match the uninterrupted run's; with memory state they are gone.
//   node --import tsx bench/pipeline/state-restore.ts [--events 20000] [--states redis,memory] [--prefix h16]
// Uses the running `twinstorm services` (Kafka, PostgreSQL, Redis; nothing is killed but the engine), under names that
// start with --prefix: topic <prefix>-state-<events>, schemas and consumer groups <prefix>_<state>_<run>_<time>, Redis
// keys <prefix>:<schema>:…, state tables <schema>_state. Prints one JSON line per run, then the table.
import { parseArgs } from 'node:util';
import pg from 'pg';
import { evaluateAlerts } from '../../examples/user-activity/evaluation.ts';
import { generateEvents } from '../../examples/user-activity/generator.ts';
import { countRows, loadEvents, startRun, waitForRows, type Services } from './harness.ts';
import { sharedServices, stateRunConf, type StateServices } from './state-runs.ts';
import { groupProgress } from './storm.ts';

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '20000' },
    states: { type: 'string', default: 'redis,memory' },
    prefix: { type: 'string', default: 'h16' },
  },
});
const EVENTS = Number(args.events);
if (!Number.isInteger(EVENTS) || EVENTS < 100) throw new TypeError(`--events must be an integer >= 100, got "${args.events}"`);
const STATES = args.states.split(',').filter((s) => s.length > 0);
for (const s of STATES) if (!['memory', 'redis', 'postgres'].includes(s)) throw new TypeError(`--states: unknown state "${s}"`);
const RUN_TIMEOUT_MS = 600_000;

/** One run's figures. */
interface RestoreRow {
  state: string;
  run: 'uninterrupted' | 'kill -9 + restart';
  generated: number;
  /** Events whose Kafka offsets the consumer group committed by the end (the spout commits only acked offsets). */
  acked: number;
  replayed: number;
  duplicated: number;
  lost: number;
  recall: number;
  precision: number;
  alerts: number;
  /** Alerts (by event) of the uninterrupted run with the same state that this run lacks, and ones it has beyond them. */
  missingAlerts: number;
  extraAlerts: number;
}

async function alertEventIds(url: string, schema: string): Promise<number[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const r = await client.query<{ event_id: string }>(`SELECT event_id FROM ${schema}.alerts ORDER BY event_id`);
    return r.rows.map((row) => Number(row.event_id));
  } finally {
    await client.end();
  }
}

async function figures(
  s: Services,
  topic: string,
  name: string,
  state: string,
  run: RestoreRow['run'],
  replayed: number,
  baseline: readonly number[] | null,
): Promise<{ row: RestoreRow; alerts: number[] }> {
  const counts = await countRows(s.url, name);
  const alerts = await alertEventIds(s.url, name);
  const e = evaluateAlerts(generateEvents(EVENTS), EVENTS, alerts);
  const mine = new Set(alerts);
  const theirs = new Set(baseline ?? alerts);
  const row: RestoreRow = {
    state,
    run,
    generated: EVENTS,
    acked: (await groupProgress(s, name, topic)).committed,
    replayed,
    duplicated: counts.rows - counts.distinct,
    lost: EVENTS - counts.distinct,
    recall: Math.round(e.recall * 10_000) / 10_000,
    precision: Math.round(e.precision * 10_000) / 10_000,
    alerts: alerts.length,
    missingAlerts: [...theirs].filter((id) => !mine.has(id)).length,
    extraAlerts: [...mine].filter((id) => !theirs.has(id)).length,
  };
  return { row, alerts };
}

async function uninterrupted(s: StateServices, topic: string, state: string): Promise<{ row: RestoreRow; alerts: number[] }> {
  const name = `${args.prefix}_${state}_clean_${Date.now()}`;
  const final = await startRun(s, stateRunConf(s, topic, name, state, args.prefix)).finished();
  return figures(s, topic, name, state, 'uninterrupted', final.spoutTuples.emitted - EVENTS, null);
}

async function killed(s: StateServices, topic: string, state: string, baseline: readonly number[]): Promise<RestoreRow> {
  const name = `${args.prefix}_${state}_kill_${Date.now()}`;
  const conf = stateRunConf(s, topic, name, state, args.prefix);
  const first = startRun(s, conf);
  await waitForRows(s.url, name, Math.floor(EVENTS / 2), RUN_TIMEOUT_MS);
  first.kill9();
  await first.process;
  const atKill = (await countRows(s.url, name)).rows;
  process.stderr.write(`state-restore: ${state}: kill -9 of the engine with ${atKill} rows stored; restarting\n`);
  const final = await startRun(s, conf).finished();
  return (await figures(s, topic, name, state, 'kill -9 + restart', final.spoutTuples.emitted - (EVENTS - atKill), baseline)).row;
}

async function main(): Promise<void> {
  const s = sharedServices();
  const topic = `${args.prefix}-state-${EVENTS}`;
  await loadEvents(s, topic, EVENTS);
  const rows: RestoreRow[] = [];
  for (const state of STATES) {
    const clean = await uninterrupted(s, topic, state);
    process.stdout.write(`${JSON.stringify(clean.row)}\n`);
    const restarted = await killed(s, topic, state, clean.alerts);
    process.stdout.write(`${JSON.stringify(restarted)}\n`);
    rows.push(clean.row, restarted);
  }
  const cols = Object.keys(rows[0] ?? {}) as (keyof RestoreRow)[];
  process.stdout.write(`\n| ${cols.join(' | ')} |\n|${cols.map(() => ' --- ').join('|')}|\n`);
  for (const r of rows) process.stdout.write(`| ${cols.map((c) => String(r[c])).join(' | ')} |\n`);
  process.stdout.write(
    "\nacked: committed offsets of the run's consumer group (acked events); replayed: spout tuples emitted after the restart − events not stored at the kill (uninterrupted: emitted − generated); duplicated / lost: count(*) − count(DISTINCT event_id) / generated − distinct of scored_activity; missingAlerts / extraAlerts: against the uninterrupted run with the same state.\n",
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`state-restore: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
