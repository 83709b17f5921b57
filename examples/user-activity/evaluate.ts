// Scores the alerts in PostgreSQL against the generator's labels for the first N events:
//   node --import tsx examples/user-activity/evaluate.ts --events 20000 [--url postgres://…] [--schema public]
// prints {"recall":…,"precision":…,"alerts":…,…} (the same figures the example's tests assert on the file sink).
import { parseArgs } from 'node:util';
import pg from 'pg';
import { evaluateAlerts } from './evaluation.ts';
import { generateEvents, DEFAULT_SEED } from './generator.ts';
import { postgresSchema } from './postgres-tables.ts';
import { maskedUrl, postgresUrl } from './services.ts';

async function main(): Promise<void> {
  const { values: args } = parseArgs({
    options: {
      events: { type: 'string', default: '200000' },
      url: { type: 'string' },
      schema: { type: 'string', default: 'public' },
      seed: { type: 'string', default: String(DEFAULT_SEED) },
    },
  });
  const events = Number(args.events);
  if (!Number.isInteger(events) || events < 1) throw new TypeError(`--events must be an integer >= 1, got "${args.events}"`);
  const url = args.url ?? postgresUrl({});
  const schema = postgresSchema({ 'useractivity.postgres.schema': args.schema });
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`cannot connect to PostgreSQL at ${maskedUrl(url)}: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    const alerts = await client.query<{ event_id: string }>(`SELECT event_id FROM ${schema}.alerts WHERE event_id < $1 ORDER BY event_id`, [
      events,
    ]);
    const scored = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${schema}.scored_activity WHERE event_id < $1`, [events]);
    const e = evaluateAlerts(
      generateEvents(events, { seed: Number(args.seed) }),
      events,
      alerts.rows.map((r) => Number(r.event_id)),
    );
    const round = (x: number): number => Math.round(x * 10_000) / 10_000;
    process.stdout.write(
      `${JSON.stringify({ recall: round(e.recall), precision: round(e.precision), alerts: e.alerts, incidents: e.incidents, detected: e.detected, scored: Number(scored.rows[0]?.n ?? 0) })}\n`,
    );
  } finally {
    await client.end();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`evaluate: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
