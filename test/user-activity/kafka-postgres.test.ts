// The user-activity example from Kafka to PostgreSQL on the local engine, against the loopback services (useServices):
// a run killed with kill -9 and started again with the same command resumes from the committed offsets and ends with
// every event stored exactly once; bad records reach dead_letters with the field named; bad addresses fail clearly.
import { execa } from 'execa';
import pg from 'pg';
import { defaultServicesDir } from '@twinstorm/services';
import { waitFor } from '@twinstorm/core/testing';
import { describe, expect, it } from 'vitest';
import { countRows, loadEvents, pipelineConf, startRun, waitForRows, type Services } from '../../bench/pipeline/harness.ts';
import { produce, freshPrefix } from '../kafka/support/kafka-topics.ts';
import { useServices } from '../support/services.ts';

const EVENTS = 20_000;

async function services(): Promise<Services> {
  const s = await useServices(['kafka', 'postgres']);
  return { dir: defaultServicesDir(), brokers: s.kafka.brokers, url: s.postgres.url, pids: { kafka: 0, postgres: 0 } };
}

async function query<R extends pg.QueryResultRow>(url: string, sql: string): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(sql)).rows;
  } finally {
    await client.end();
  }
}

/** Takes a lock on `schema`.scored_activity that blocks inserts but not reads, until release(). */
async function holdInserts(url: string, schema: string): Promise<{ release: () => Promise<void> }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('BEGIN');
  await client.query(`LOCK TABLE ${schema}.scored_activity IN EXCLUSIVE MODE`);
  return {
    release: async () => {
      await client.query('ROLLBACK');
      await client.end();
    },
  };
}

describe('user-activity: Kafka → local engine → PostgreSQL', { timeout: 300_000 }, () => {
  it('kill -9 of the engine mid-run, then the same command: every event stored once (0 lost, 0 duplicate rows)', async () => {
    const s = await services();
    const name = freshPrefix('h13pipe_kill').replaceAll('-', '_');
    await loadEvents(s, name, EVENTS);
    const conf = pipelineConf(s, name, name, {
      'useractivity.saver.batch': '200',
      'topology.max.spout.pending': '2000',
      // Commit often, so offsets are committed before the kill (with the 5 s default the run may die before its first).
      'kafka.spout.commit.period.ms': '100',
    });
    const first = startRun(s, conf);
    const seen = await waitForRows(s.url, name, EVENTS / 20, 120_000);
    expect(seen, 'rows before the kill').toBeGreaterThanOrEqual(EVENTS / 20);
    // Block the saver's inserts (not reads) so the kill lands mid-run however fast this machine is: the trees in
    // flight wait on the lock, and the offsets of the rows already stored are committed meanwhile.
    const held = await holdInserts(s.url, name);
    let atKill: { rows: number; distinct: number };
    try {
      atKill = await countRows(s.url, name);
      await new Promise((r) => setTimeout(r, 1_000));
      first.kill9();
      const killed = await first.process;
      expect(killed.signal).toBe('SIGKILL');
    } finally {
      await held.release();
    }
    expect(atKill.rows, 'the kill came before the end of the run').toBeLessThan(EVENTS);
    const final = await startRun(s, conf).finished();
    expect(await countRows(s.url, name)).toEqual({ rows: EVENTS, distinct: EVENTS });
    // The restarted run resumed from the committed offsets: it did not read the topic again from the start.
    expect(final.spoutTuples.emitted).toBeLessThan(EVENTS);
    expect(final.spoutTuples.emitted).toBeGreaterThanOrEqual(EVENTS - atKill.rows);
  });

  it('records that are not events go to dead_letters with the reason, and every good event is stored', async () => {
    const s = await services();
    const name = freshPrefix('h13pipe_bad').replaceAll('-', '_');
    const good = { event_id: 1, user_id: 'u001', ts: 1_709_510_400_000, kind: 'login', host: 'ws-001', country: 'US', resource: '' };
    await produce(s.brokers, name, [
      good,
      'not json {',
      { ...good, event_id: 2, user_id: undefined },
      { ...good, event_id: 3, kind: 'dance' },
      { ...good, event_id: 4 },
    ]);
    const run = await startRun(s, pipelineConf(s, name, name)).finished();
    expect(run.spoutTuples.failed).toBe(0);
    expect(await countRows(s.url, name)).toEqual({ rows: 2, distinct: 2 });
    // DISTINCT: a producer retry under load may store a bad record twice (two offsets, two dead letters).
    const dead = await query<{ reason: string }>(s.url, `SELECT DISTINCT reason FROM ${name}.dead_letters`);
    expect(dead.map((d) => d.reason).sort()).toEqual([
      'field "kind" must be one of login, logout, file_access, privilege_change, got "dance"',
      'field "user_id" must be a non-empty string, got nothing (missing)',
      expect.stringMatching(/^value is not valid JSON \(kafka\.value\.format "json"\)/),
    ]);
  });

  it('a wrong broker address fails the start naming the spout and the brokers', async () => {
    const s = await services();
    const r = await execa(
      'node_modules/.bin/twinstorm',
      [
        'run',
        'examples/user-activity/topology.ts',
        '--until-idle',
        '--json',
        '--conf',
        'useractivity.source=kafka',
        '--conf',
        'kafka.brokers=127.0.0.1:1',
        '--conf',
        'kafka.retries=0',
      ],
      { reject: false, env: { TWINSTORM_SERVICES_DIR: s.dir } },
    );
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toMatch(/activity.*cannot read from Kafka at 127\.0\.0\.1:1/s);
  });

  it('a wrong password and an unreachable database are reported naming PostgreSQL, without the password, and the run stays up', async () => {
    const s = await services();
    const name = freshPrefix('h13pipe_pw').replaceAll('-', '_');
    await loadEvents(s, name, 50);
    const wrong = new URL(s.url);
    wrong.password = 'sekrit-wrong';
    for (const url of [wrong.toString(), 'postgres://twinstorm:sekrit-wrong@127.0.0.1:1/twinstorm']) {
      const run = startRun(s, { ...pipelineConf(s, name, `${name}_x`), 'useractivity.postgres.url': url });
      const expected =
        /PostgreSQL at postgres:\/\/twinstorm:\*\*\*@127\.0\.0\.1:\d+\/twinstorm: (password authentication failed|connect ECONNREFUSED)/;
      let stderr = '';
      run.process.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      // Wait for the error (the engine's start takes a few seconds on a busy machine), then a little longer.
      await waitFor(() => expected.test(stderr), 90_000, 'the PostgreSQL error on stderr', { intervalMs: 100 }).catch(() => undefined);
      await new Promise((r) => setTimeout(r, 2_000));
      expect(run.process.exitCode, 'the run is still up').toBe(null);
      run.kill9();
      const r = await run.process;
      expect(String(r.stderr)).toMatch(expected);
      expect(String(r.stderr)).not.toContain('sekrit-wrong');
    }
  });
});
