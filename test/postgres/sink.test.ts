// PostgresSink against the real PostgreSQL of `twinstorm services` on the local engine: every tuple is acked only
// after the COMMIT holding its row (checked from another connection at the moment the spout sees the ack), a replay
// upserts instead of duplicating, JSONB columns take the tuple's objects, COPY appends, a failed transaction (a
// constraint violation, a connection killed mid-transaction) fails the whole batch and the run goes on after a
// back-off, and batches are flushed by count, bytes and tick.
import { runLocal } from '@twinstorm/local';
import { PostgresSink } from '@twinstorm/postgres';
import { waitFor } from '@twinstorm/core/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminClient, countRows, freshTable, testPostgresUrl } from './support/database.ts';
import {
  awkwardText,
  EventLedger,
  eventSpout,
  plainEvent,
  recordingSink,
  sinkTopology,
  type WrittenBatch,
} from './support/sink-topology.ts';
import type { Conf, Topology } from '@twinstorm/core';

let url = '';
let db: pg.Client;
/** For the checks made while the sink runs, several at once (one pg.Client runs one query at a time). */
let checker: pg.Pool;
const tables: string[] = [];

beforeAll(async () => {
  url = await testPostgresUrl();
  db = await adminClient(url);
  checker = new pg.Pool({ connectionString: url, max: 4 });
});

afterAll(async () => {
  for (const t of tables) await db.query(`DROP TABLE IF EXISTS ${t}`).catch(() => undefined);
  await db.query('DROP SEQUENCE IF EXISTS s13_kill_once').catch(() => undefined);
  await db?.end();
  await checker?.end();
});

/** A fresh table `(id int PRIMARY KEY, score double precision CHECK (score >= 0), payload jsonb NOT NULL)`. */
async function eventsTable(
  name: string,
  columns = 'id int PRIMARY KEY, score double precision CHECK (score >= 0), payload jsonb NOT NULL',
): Promise<string> {
  const table = freshTable(name);
  tables.push(table);
  await db.query(`CREATE TABLE ${table} (${columns})`);
  return table;
}

/**
 * Makes the ledger check the database whenever the spout hears of an ack or a fail: an acked id's row holds the acked
 * attempt (its COMMIT came first); a failed attempt's row is not there (its transaction was rolled back).
 */
function watchDatabase(ledger: EventLedger, table: string): { problems: string[]; settled: () => Promise<unknown> } {
  const problems: string[] = [];
  const checks: Promise<unknown>[] = [];
  const attemptOf = (id: number) =>
    checker
      .query<{ attempt: number }>(`SELECT (payload->>'attempt')::int AS attempt FROM ${table} WHERE id = $1`, [id])
      .then((r) => r.rows[0]?.attempt);
  ledger.onAck = (id, attempt) =>
    checks.push(
      attemptOf(id).then(
        (stored) => stored === attempt || problems.push(`id ${id} acked (attempt ${attempt}) but the table holds ${stored}`),
      ),
    );
  ledger.onFail = (id, attempt) =>
    checks.push(
      attemptOf(id).then((stored) => stored !== attempt || problems.push(`id ${id} failed (attempt ${attempt}) but its row was committed`)),
    );
  return { problems, settled: () => Promise.all(checks) };
}

/** Runs `topology` until every one of `n` ids was acked; returns the errors the run reported. */
async function runUntilAcked(topology: Topology, ledger: EventLedger, n: number, conf: Conf = {}): Promise<string[]> {
  const errors: string[] = [];
  const run = runLocal(topology, { conf, onError: (e) => errors.push(`${e.component}: ${e.message}`) });
  await run.started;
  try {
    await waitFor(
      () => ledger.acked.size === n,
      60_000,
      () => `all ${n} ids acked (have ${ledger.acked.size}; errors: ${errors.join(' | ')})`,
      {
        intervalMs: 20,
      },
    );
  } finally {
    await run.stop('test done');
  }
  return errors;
}

describe('PostgresSink on the local engine', { timeout: 120_000 }, () => {
  it('acks each tuple only after COMMIT, and a batch replayed after its COMMIT upserts (one row per id, JSONB from the field)', async () => {
    const table = await eventsTable('upsert');
    const n = 500;
    const ledger = new EventLedger();
    const watch = watchDatabase(ledger, table);
    let failedOnce = false;
    // The first batch is committed, then reported failed (an ack lost after COMMIT): its tuples replay over their own rows.
    class CommitThenFail extends PostgresSink {
      override async writeBatch(batch: Parameters<PostgresSink['writeBatch']>[0]): Promise<void> {
        await super.writeBatch(batch);
        if (!failedOnce) {
          failedOnce = true;
          throw new Error('ack lost after commit');
        }
      }
    }
    // The first batch's rows are committed and then failed: their fail check would flag them, so check acks only.
    ledger.onFail = () => undefined;
    const errors = await runUntilAcked(
      sinkTopology('s13-pg-upsert', eventSpout(n, ledger), CommitThenFail, {
        'postgres.url': url,
        'postgres.table': table,
        'twinstorm.batch.max.tuples': 100,
      }),
      ledger,
      n,
    );
    await watch.settled();
    expect(watch.problems).toEqual([]);
    expect(ledger.fails.length, 'the first batch was replayed').toBeGreaterThan(0);
    expect(ledger.fails.every((f) => f.attempt === 1)).toBe(true);
    expect(errors).toEqual([
      expect.stringMatching(/^sink: .*writing a batch of \d+ tuple\(s\) failed, so they were failed for replay: ack lost after commit/),
    ]);
    expect(await countRows(db, table)).toEqual({ rows: n, distinct: n });
    const replayedId = ledger.fails[0]!.id;
    const row = await db.query<{ payload: unknown; score: number; type: string }>(
      `SELECT payload, score, jsonb_typeof(payload) AS type FROM ${table} WHERE id = $1`,
      [replayedId],
    );
    expect(row.rows[0]).toEqual({ payload: plainEvent(replayedId, 2)[2], score: replayedId / 2, type: 'object' });
  });

  it('a constraint violation fails the whole batch: nothing of it committed or acked, then the replay commits', async () => {
    const table = await eventsTable('constraint');
    const n = 300;
    const bad = 113;
    const ledger = new EventLedger();
    const watch = watchDatabase(ledger, table);
    const batches: WrittenBatch[] = [];
    // The first emission of `bad` has a negative score (CHECK violation); its replay is valid.
    const values = (id: number, attempt: number) => {
      const v = plainEvent(id, attempt);
      return id === bad && attempt === 1 ? ([id, -1, v[2], v[3]] as typeof v) : v;
    };
    const errors = await runUntilAcked(
      sinkTopology('s13-pg-constraint', eventSpout(n, ledger, values), recordingSink(batches), {
        'postgres.url': url,
        'postgres.table': table,
        'twinstorm.batch.max.tuples': 50,
      }),
      ledger,
      n,
    );
    await watch.settled();
    expect(watch.problems).toEqual([]);
    const failed = batches.filter((b) => !b.ok);
    expect(failed, 'one batch failed').toHaveLength(1);
    expect(failed[0]!.ids).toContain(bad);
    expect(
      ledger.fails.map((f) => f.id).sort((a, b) => a - b),
      'every tuple of that batch was failed, and nothing else',
    ).toEqual([...failed[0]!.ids].sort((a, b) => a - b));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /^sink: component "sink", task \d+: .*the transaction writing \d+ row\(s\) to s13_constraint_\w+ failed and was rolled back: new row for relation "s13_constraint_\w+" violates check constraint "s13_constraint_\w+_score_check" \[23514\]/,
    );
    expect(await countRows(db, table)).toEqual({ rows: n, distinct: n });
  });

  it('a connection killed mid-transaction fails the batch (E_PG_CONNECT), reconnects after the back-off, and the run goes on', async () => {
    const table = await eventsTable('killed');
    // A trigger that terminates its own backend (as pg_terminate_backend from an admin would), once, inside the transaction.
    await db.query('CREATE SEQUENCE IF NOT EXISTS s13_kill_once');
    await db.query(`SELECT setval('s13_kill_once', 1, false)`);
    await db.query(`CREATE FUNCTION ${table}_kill() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.id = 77 AND nextval('s13_kill_once') = 1 THEN PERFORM pg_terminate_backend(pg_backend_pid()); PERFORM pg_sleep(5); END IF;
        RETURN NEW;
      END $$`);
    await db.query(`CREATE TRIGGER kill_once BEFORE INSERT ON ${table} FOR EACH ROW EXECUTE FUNCTION ${table}_kill()`);
    const n = 300;
    const backoffMs = 600;
    const ledger = new EventLedger();
    const watch = watchDatabase(ledger, table);
    const batches: WrittenBatch[] = [];
    const errors = await runUntilAcked(
      sinkTopology('s13-pg-killed', eventSpout(n, ledger), recordingSink(batches), {
        'postgres.url': url,
        'postgres.table': table,
        'twinstorm.batch.max.tuples': 50,
        'postgres.reconnect.initial.ms': backoffMs,
      }),
      ledger,
      n,
    );
    await watch.settled();
    await db.query(`DROP FUNCTION IF EXISTS ${table}_kill() CASCADE`);
    expect(watch.problems).toEqual([]);
    const failedAt = batches.findIndex((b) => !b.ok);
    expect(
      batches.filter((b) => !b.ok),
      'one batch failed',
    ).toHaveLength(1);
    expect(batches[failedAt]!.ids).toContain(77);
    expect(ledger.fails.map((f) => f.id).sort((a, b) => a - b)).toEqual([...batches[failedAt]!.ids].sort((a, b) => a - b));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /^sink: .*lost the connection to postgres:\/\/\w+@127\.0\.0\.1:\d+\/\w+: terminating connection due to administrator command \[57P01\]; reconnecting with back-off/,
    );
    const next = batches[failedAt + 1]!;
    expect(next.ok, 'the next batch committed on a new connection').toBe(true);
    expect(next.endedAt - batches[failedAt]!.endedAt, 'it waited out the back-off first').toBeGreaterThanOrEqual(backoffMs);
    expect(await countRows(db, table)).toEqual({ rows: n, distinct: n });
  });

  it('COPY append mode writes every tuple once (JSONB, and text with tabs, newlines, backslashes), no key needed', async () => {
    const table = await eventsTable('copy', 'id int, score double precision, payload jsonb, note text');
    const n = 400;
    const ledger = new EventLedger();
    const errors = await runUntilAcked(
      sinkTopology('s13-pg-copy', eventSpout(n, ledger), PostgresSink, {
        'postgres.url': url,
        'postgres.table': table,
        'postgres.mode': 'copy',
        'twinstorm.batch.max.tuples': 100,
      }),
      ledger,
      n,
    );
    expect(errors).toEqual([]);
    expect(ledger.fails).toEqual([]);
    expect(await countRows(db, table)).toEqual({ rows: n, distinct: n });
    const row = await db.query<{ payload: unknown; note: string; type: string }>(
      `SELECT payload, note, jsonb_typeof(payload) AS type FROM ${table} WHERE id = 9`,
    );
    expect(row.rows[0]).toEqual({ payload: plainEvent(9, 1)[2], note: awkwardText(9), type: 'object' });
  });

  it('flushes a batch when it reaches twinstorm.batch.max.tuples, when it reaches twinstorm.batch.max.bytes, and at a tick', async () => {
    const byCount: WrittenBatch[] = [];
    const countTable = await eventsTable('count');
    const countLedger = new EventLedger();
    await runUntilAcked(
      sinkTopology('s13-pg-count', eventSpout(200, countLedger), recordingSink(byCount), {
        'postgres.url': url,
        'postgres.table': countTable,
        'twinstorm.batch.max.tuples': 40,
        'twinstorm.batch.max.bytes': 0,
      }),
      countLedger,
      200,
    );
    expect(byCount.every((b) => b.ok && b.ids.length <= 40)).toBe(true);
    expect(byCount.filter((b) => b.ids.length === 40).length, 'most batches closed by count').toBeGreaterThanOrEqual(3);

    const byBytes: WrittenBatch[] = [];
    const bytesTable = await eventsTable('bytes');
    const bytesLedger = new EventLedger();
    const maxBytes = 1000;
    await runUntilAcked(
      sinkTopology('s13-pg-bytes', eventSpout(200, bytesLedger), recordingSink(byBytes), {
        'postgres.url': url,
        'postgres.table': bytesTable,
        'twinstorm.batch.max.tuples': 1000,
        'twinstorm.batch.max.bytes': maxBytes,
      }),
      bytesLedger,
      200,
    );
    // A row's text is about 90 bytes: a batch closes at the row that reaches 1000 bytes, so 10 to 12 rows.
    const rowBytes = byBytes.map((b) => b.bytes / b.ids.length);
    expect(byBytes.every((b) => b.ok && b.bytes - Math.max(...rowBytes) * 1.5 < maxBytes)).toBe(true);
    expect(byBytes.filter((b) => b.bytes >= maxBytes).length, 'most batches closed by bytes').toBeGreaterThanOrEqual(10);
    expect(byBytes.every((b) => b.ids.length < 1000)).toBe(true);

    const byTick: WrittenBatch[] = [];
    const tickTable = await eventsTable('tick');
    const tickLedger = new EventLedger();
    const started = Date.now();
    await runUntilAcked(
      sinkTopology('s13-pg-tick', eventSpout(7, tickLedger), recordingSink(byTick), {
        'postgres.url': url,
        'postgres.table': tickTable,
      }),
      tickLedger,
      7,
    );
    expect(
      byTick.map((b) => b.ids.length),
      'the 7 tuples written together by a tick, far below the 1000 of a full batch',
    ).toEqual([7]);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(await countRows(db, tickTable)).toEqual({ rows: 7, distinct: 7 });
  });
});
