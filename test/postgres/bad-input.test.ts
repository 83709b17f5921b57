// PostgresSink's bad input through the real `twinstorm run`: a wrong password, an unreachable database, a missing table
// and a bad conf value each end the start with an error naming the component and what was wrong; the password is in
// none of the error, the logs, `twinstorm status` or the final summary, also while a run that logged in is running.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runTwinstorm, startTwinstorm, stopAllTwinstorms } from 'twinstorm/testing';
import { waitFor } from '@twinstorm/core/testing';
import type pg from 'pg';
import { adminClient, freshTable, testPostgresUrl } from './support/database.ts';
import { privateRuntimeDir } from '../cli/runtime-dir.ts';

const FIXTURE = 'test/postgres/fixtures/sink.ts';
const SECRET = 's13-Wr0ng-pw-7f3a';
const runtime = privateRuntimeDir();
let url = '';
let db: pg.Client;
const role = freshTable('role');
const table = freshTable('cli');

beforeAll(async () => {
  url = await testPostgresUrl();
  db = await adminClient(url);
  await db.query(`CREATE TABLE ${table} (id int PRIMARY KEY, payload jsonb)`);
  // A role of its own whose password appears nowhere else (the services' user name is also its password).
  await db.query(`CREATE ROLE ${role} LOGIN PASSWORD '${SECRET}'`);
  await db.query(`GRANT SELECT, INSERT, UPDATE ON ${table} TO ${role}`);
});

afterEach(() => stopAllTwinstorms());

afterAll(async () => {
  await db.query(`DROP TABLE IF EXISTS ${table}`).catch(() => undefined);
  await db.query(`DROP ROLE IF EXISTS ${role}`).catch(() => undefined);
  await db?.end();
  runtime.remove();
});

/** The URL with another user and password. */
function urlAs(user: string, password: string, port?: number): string {
  const u = new URL(url);
  u.username = user;
  u.password = password;
  if (port !== undefined) u.port = String(port);
  return u.toString();
}

/** `twinstorm run` of the fixture with these --conf pairs, until idle, with a JSON summary. */
function runSink(conf: Record<string, string>) {
  const args = ['run', FIXTURE, '--until-idle', '--json'];
  for (const [k, v] of Object.entries(conf)) args.push('--conf', `${k}=${v}`);
  return runTwinstorm(args, runtime.env, 90_000);
}

describe('PostgresSink bad input (twinstorm run)', { timeout: 120_000 }, () => {
  it('a wrong password in the URL or in postgres.password: E_PG_AUTH naming the sink and the server, never the password', async () => {
    for (const conf of [
      { 'postgres.url': urlAs(role, `${SECRET}x`), 'postgres.table': table },
      { 'postgres.url': urlAs(role, ''), 'postgres.password': `${SECRET}x`, 'postgres.table': table },
    ]) {
      const r = await runSink(conf);
      const everything = `${r.stdout}${r.stderr}`;
      expect(r.exitCode, everything).not.toBe(0);
      expect(r.stderr).toMatch(
        /component "sink", task \d+: .*postgres:\/\/s13_role_\w+@127\.0\.0\.1:\d+\/\w+ refused the login: password authentication failed for user "s13_role_\w+" \[28P01\]/,
      );
      expect(everything).not.toContain(SECRET);
    }
  });

  it('an unreachable database: E_PG_CONNECT naming the sink and the address', async () => {
    const r = await runSink({ 'postgres.url': urlAs(role, SECRET, 1), 'postgres.table': table });
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toMatch(
      /component "sink", task \d+: .*cannot connect to postgres:\/\/s13_role_\w+@127\.0\.0\.1:1\/\w+: connect ECONNREFUSED 127\.0\.0\.1:1/,
    );
    expect(`${r.stdout}${r.stderr}`).not.toContain(SECRET);
  });

  it('a missing table and a bad mode: the key named, the password not', async () => {
    const missing = await runSink({ 'postgres.url': urlAs(role, SECRET), 'postgres.table': 's13_no_such_table' });
    expect(missing.exitCode).not.toBe(0);
    expect(missing.stderr).toMatch(/component "sink", task \d+: .*conf "postgres\.table": table "s13_no_such_table" does not exist/);
    const mode = await runSink({ 'postgres.url': urlAs(role, SECRET), 'postgres.table': table, 'postgres.mode': 'merge' });
    expect(mode.exitCode).not.toBe(0);
    expect(mode.stderr).toMatch(/component "sink": conf "postgres\.mode" must be one of "upsert", "ignore", "copy", got "merge"/);
    expect(`${missing.stdout}${missing.stderr}${mode.stdout}${mode.stderr}`).not.toContain(SECRET);
  });

  it('a run that logged in with a password shows it nowhere: not in its logs, `twinstorm status` or its summary', async () => {
    const run = startTwinstorm(
      [
        'run',
        FIXTURE,
        '--name',
        's13-pg-secret',
        '--conf',
        `postgres.url=${urlAs(role, SECRET)}`,
        '--conf',
        `postgres.table=${table}`,
        '--json',
      ],
      runtime.env,
      90_000,
    );
    await run.waitForStderr(/writing to/, 30_000);
    const status = await waitFor(
      async () => {
        const r = await runTwinstorm(['status', '--json'], runtime.env);
        return r.stdout.includes('s13-pg-secret') ? r : undefined;
      },
      30_000,
      'the run in twinstorm status',
    );
    const text = await runTwinstorm(['status', 's13-pg-secret'], runtime.env);
    await waitFor(
      async () => Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]!.n) === 10,
      30_000,
      'the 10 rows',
    );
    run.signal('SIGINT');
    const end = await run.result;
    expect(end.stdout, 'the final summary').toMatch(/"acked":10/);
    const everything = `${end.stdout}${end.stderr}${status.stdout}${status.stderr}${text.stdout}${text.stderr}`;
    expect(everything).toContain('s13-pg-secret');
    expect(everything).not.toContain(SECRET);
  });
});
