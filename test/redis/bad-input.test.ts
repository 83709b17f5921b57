// RedisStreamSpout's bad input through the real `twinstorm run`: an unreachable server, a password the server refuses
// and a bad conf value each end the start with an error naming the component and what was wrong; the password is in
// none of the error, the logs or the summary.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { runTwinstorm, stopAllTwinstorms } from 'twinstorm/testing';
import { privateRuntimeDir } from '../cli/runtime-dir.ts';
import { freshPrefix, testRedisUrl, withClient } from './support/redis-streams.ts';

const SPOUT_ONLY = 'test/redis/fixtures/spout-only.ts';
/** An ACL user of its own on the shared Redis, so a wrong password is refused (the default user takes any). */
const USER = `s13user${process.pid}`;
const SECRET = 's13-redis-s3cret-4b2e';
const runtime = privateRuntimeDir();
afterEach(() => stopAllTwinstorms());
afterAll(async () => {
  await withClient(await testRedisUrl(), (c) => c.sendCommand(['ACL', 'DELUSER', USER]));
  runtime.remove();
});

function runRelay(conf: Record<string, string>) {
  const prefix = freshPrefix('bad');
  const args = ['run', SPOUT_ONLY, '--until-idle', '--json', '--conf', `redis.stream=${prefix}:in`];
  for (const [k, v] of Object.entries(conf)) args.push('--conf', `${k}=${v}`);
  return runTwinstorm(args, runtime.env, 90_000);
}

describe('RedisStreamSpout bad input (twinstorm run)', { timeout: 120_000 }, () => {
  it('an unreachable server: E_REDIS_CONNECT naming the spout and the address, not the password', async () => {
    const r = await runRelay({ 'redis.url': `redis://s13:${SECRET}@127.0.0.1:1` });
    expect(r.exitCode, r.stderr).not.toBe(0);
    expect(r.stderr).toMatch(
      /component "in", task \d+: .*cannot reach Redis at redis:\/\/127\.0\.0\.1:1 as s13 \(with a password\).*ECONNREFUSED.*check redis\.url/,
    );
    expect(`${r.stdout}${r.stderr}`).not.toContain(SECRET);
  });

  it('a password the server refuses: E_REDIS_AUTH naming the spout and the address, not the password', async () => {
    const url = await testRedisUrl();
    await withClient(url, (c) => c.sendCommand(['ACL', 'SETUSER', USER, 'on', `>${SECRET}-right`, '~s13:*', '+@all']));
    const r = await runRelay({ 'redis.url': url, 'redis.username': USER, 'redis.password': SECRET });
    expect(r.exitCode, r.stderr).not.toBe(0);
    expect(r.stderr).toMatch(
      /component "in", task \d+: .*Redis at redis:\/\/127\.0\.0\.1:\d+ as s13user\d+ \(with a password\) refused the credentials/,
    );
    expect(`${r.stdout}${r.stderr}`).not.toContain(SECRET);
  });

  it('a bad conf value fails before anything starts, naming the key and the component', async () => {
    const r = await runRelay({ 'redis.url': `http://u:${SECRET}@h:1` });
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toMatch(/component "in": conf "redis\.url" has scheme "http:"/);
    expect(`${r.stdout}${r.stderr}`).not.toContain(SECRET);
  });
});
