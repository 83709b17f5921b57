// The Redis state provider against the real Redis: a commit is visible to a store opened later (a restarted task),
// Storm's jedisPoolConfig works as well as a url, and a bad address or password fails naming the address, not the password.
import { redisStateProvider, RedisStreamSpout } from '@twinstorm/redis';
import type { JsonValue } from '@twinstorm/state';
import { afterAll, describe, expect, it } from 'vitest';
import { dropKeys, freshPrefix, testRedisUrl } from './support/redis-streams.ts';

const prefix = freshPrefix('state');
const provider = redisStateProvider(() => undefined);

afterAll(async () => dropKeys(await testRedisUrl(), prefix));

describe('Redis state provider', { timeout: 60_000 }, () => {
  it('restores what the last commit wrote (puts and deletes), through a url or Storm jedisPoolConfig', async () => {
    const url = new URL(await testRedisUrl());
    const config = { url: url.toString(), keyPrefix: `${prefix}:` };
    const first = await provider.open('topo/counter/3', config);
    expect(await first.load()).toEqual(new Map());
    await first.commit({
      puts: new Map<string, JsonValue>([
        ['a', 1],
        ['b', { n: [1, 2] }],
        ['c', 'x'],
      ]),
      deletes: new Set(),
    });
    await first.commit({ puts: new Map([['a', 2]]), deletes: new Set(['c']) });
    await first.close();
    const pool = { jedisPoolConfig: { host: url.hostname, port: Number(url.port) }, keyPrefix: `${prefix}:` };
    const again = await provider.open('topo/counter/3', pool);
    expect(await again.load()).toEqual(
      new Map<string, unknown>([
        ['a', 2],
        ['b', { n: [1, 2] }],
      ]),
    );
    await again.close();
  });

  it('fails on an unreachable server or a wrong password naming the address and never the password', async () => {
    const secret = 'h13redis-s3cret-pw';
    const refused = provider.open('t/c/1', { url: `redis://user:${secret}@127.0.0.1:1` });
    await expect(refused).rejects.toThrow(/cannot reach Redis at redis:\/\/127\.0\.0\.1:1/);
    await expect(refused).rejects.not.toThrow(secret);
    const wrong = provider.open('t/c/1', { url: (await testRedisUrl()).replace('redis://', `redis://nobody:${secret}@`) });
    await expect(wrong).rejects.toThrow(/refused the credentials/);
    await expect(wrong).rejects.not.toThrow(secret);
    expect(() => RedisStreamSpout.checkConf({ 'redis.url': `http://u:${secret}@h:1` })).toThrow(/conf "redis\.url" has scheme "http:"/);
    expect(() => RedisStreamSpout.checkConf({ 'redis.url': `http://u:${secret}@h:1` })).not.toThrow(secret);
    expect(() => RedisStreamSpout.checkConf({ 'redis.password': 7 })).toThrow(/conf "redis\.password" must be a non-empty string$/);
  });
});
