// PostgresSink against the real PostgreSQL of `twinstorm services` on the local engine: every tuple acked only after its
// batch committed, a replay upserts instead of duplicating, and a wrong password fails with an error that does not show it.
import { Spout, TopologyBuilder } from '@twinstorm/core';
import { runLocal } from '@twinstorm/local';
import { PostgresSink } from '@twinstorm/postgres';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { useServices } from '../support/services.ts';

const N = 500;

/** Emits ids 0..N-1 with a JSON payload; every 7th id fails once in the sink's batch and so is replayed. */
function eventSpout(acked: Set<number>, replayed: number[]) {
  return class Events extends Spout {
    static outputFields = ['id', 'payload'];
    #next = 0;
    readonly #again: number[] = [];
    nextTuple(): void {
      const id = this.#again.shift() ?? (this.#next < N ? this.#next++ : undefined);
      if (id !== undefined) this.emit([id, { user: `u${id % 10}`, score: id / 2 }], { msgId: id });
    }
    override ack(msgId: unknown): void {
      acked.add(msgId as number);
    }
    override fail(msgId: unknown): void {
      replayed.push(msgId as number);
      this.#again.push(msgId as number);
    }
  };
}

async function waitUntil(cond: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
}

describe('PostgresSink on the local engine', { timeout: 120_000 }, () => {
  it('acks after COMMIT, and a replayed batch upserts (one row per id)', async () => {
    const { postgres } = await useServices(['postgres']);
    const table = `h13pg_sink_${process.pid}_${Date.now()}`;
    const db = new pg.Client({ connectionString: postgres.url });
    await db.connect();
    try {
      await db.query(`CREATE TABLE ${table} (id int PRIMARY KEY, payload jsonb NOT NULL)`);
      const acked = new Set<number>();
      const replayed: number[] = [];
      let failedOnce = false;
      // The first batch is committed, then reported failed: its tuples replay and are upserted over their own rows.
      class CommitThenFail extends PostgresSink {
        override async writeBatch(batch: Parameters<PostgresSink['writeBatch']>[0]): Promise<void> {
          await super.writeBatch(batch);
          const committed = await db.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`);
          expect(Number(committed.rows[0]!.n)).toBeGreaterThanOrEqual(batch.entries.length);
          if (!failedOnce) {
            failedOnce = true;
            throw new Error('ack lost after commit');
          }
        }
      }
      const b = new TopologyBuilder();
      b.setSpout('events', eventSpout(acked, replayed));
      b.setBolt('sink', CommitThenFail, 2)
        .shuffleGrouping('events')
        .addConfigurations({ 'postgres.url': postgres.url, 'postgres.table': table, 'twinstorm.batch.max.tuples': 100 });
      const run = runLocal(b.createTopology('h13pg-sink'), { onError: () => undefined });
      await run.started;
      await waitUntil(() => acked.size === N, 60_000);
      await run.stop('test done');
      expect(acked.size).toBe(N);
      expect(replayed.length).toBeGreaterThan(0);
      const rows = await db.query<{ n: string; d: string }>(`SELECT count(*) AS n, count(DISTINCT id) AS d FROM ${table}`);
      expect(rows.rows[0]).toEqual({ n: String(N), d: String(N) });
      const one = await db.query<{ payload: unknown }>(`SELECT payload FROM ${table} WHERE id = 42`);
      expect(one.rows[0]!.payload).toEqual({ user: 'u2', score: 21 });
    } finally {
      await db.query(`DROP TABLE IF EXISTS ${table}`).catch(() => undefined);
      await db.end();
    }
  });

  it('a wrong password fails the start with E_PG_AUTH, naming the server but never the password', async () => {
    const { postgres } = await useServices(['postgres']);
    const secret = 'h13pg-Wr0ng-s3cret';
    const b = new TopologyBuilder();
    b.setSpout('events', eventSpout(new Set(), []));
    b.setBolt('sink', PostgresSink)
      .shuffleGrouping('events')
      .addConfigurations({ 'postgres.url': postgres.url, 'postgres.password': secret, 'postgres.table': 'h13pg_none' });
    const logs: string[] = [];
    const run = runLocal(b.createTopology('h13pg-auth'), {
      onError: (e) => logs.push(JSON.stringify(e)),
      onLog: (l) => logs.push(JSON.stringify(l)),
    });
    const error = await run.started.then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    await run.stop('test done').catch(() => undefined);
    expect(error?.message).toMatch(/refused the login: password authentication failed/);
    expect(error?.message).toContain('postgres://twinstorm@127.0.0.1:15432/twinstorm');
    expect(`${error?.message}${JSON.stringify(error)}${logs.join('')}`).not.toContain(secret);
  });
});
