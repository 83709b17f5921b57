// RedisStreamSpout against the real Redis on the local engine: every entry is relayed and XACKed, failed and timed-out
// entries are reclaimed with XAUTOCLAIM after the idle time, those delivered too often reach the dead-letter stream,
// and a worker that dies leaves its entries pending until a consumer reclaims them.
import { fileURLToPath } from 'node:url';
import { loadTopology, runLocal } from '@twinstorm/local';
import { afterAll, describe, expect, it } from 'vitest';
import { addEntries, dropKeys, freshPrefix, groupPosition, readStream, testRedisUrl } from './support/redis-streams.ts';

const RELAY = fileURLToPath(new URL('./fixtures/relay.ts', import.meta.url));
const IDLE_POLL_MS = 50;
const prefixes: string[] = [];

/** Runs the relay until the local engine is idle for 500 ms (what --until-idle does); returns the errors it reported. */
async function runRelayUntilIdle(conf: Record<string, string | number>, workers = 1): Promise<string[]> {
  const topology = await loadTopology(RELAY);
  const run = runLocal(topology, { conf, workers, onWorkerExit: () => undefined });
  await run.started;
  let idleSince: number | undefined;
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, IDLE_POLL_MS));
    if (!run.isIdle()) idleSince = undefined;
    else if (Date.now() - (idleSince ??= Date.now()) >= 500) break;
  }
  const snapshot = await run.stop('test done');
  expect(Date.now(), 'the run never became idle').toBeLessThan(deadline);
  return snapshot.lastErrors.map((e) => JSON.stringify(e));
}

async function relayConf(name: string): Promise<{ url: string; prefix: string; conf: Record<string, string> }> {
  const url = await testRedisUrl();
  const prefix = freshPrefix(name);
  prefixes.push(prefix);
  return {
    url,
    prefix,
    conf: { 'redis.url': url, 'redis.stream': `${prefix}:in`, 'redis.group': `${prefix}:group`, 'relay.prefix': prefix },
  };
}

afterAll(async () => {
  const url = await testRedisUrl();
  for (const p of prefixes) await dropKeys(url, p);
});

describe('RedisStreamSpout on the local engine', { timeout: 120_000 }, () => {
  it('relays and XACKs every entry, reclaims failed and timed-out ones, and dead-letters those delivered 3 times', async () => {
    const { url, prefix, conf } = await relayConf('relay');
    const n = 600;
    // Every 10th entry fails once, every 25th times out once, every 100th fails 3 times (redis.spout.max.deliveries).
    const entries = Array.from({ length: n }, (_, i) => ({
      n: i,
      fail: i % 100 === 0 ? 3 : i % 10 === 0 ? 1 : 0,
      hang: i % 25 === 5 ? 1 : 0,
    }));
    await addEntries(url, `${prefix}:in`, [...entries, 'not json {']);
    expect(await runRelayUntilIdle(conf)).toEqual([]);

    const out = (await readStream(url, `${prefix}:out`)).map((f) => ({ n: Number(f['n']), delivery: Number(f['delivery']) }));
    const outN = new Set(out.map((o) => o.n));
    const expectedOut = entries.filter((e) => e.fail < 3).map((e) => e.n);
    expect(
      expectedOut.filter((i) => !outN.has(i)),
      'lost',
    ).toEqual([]);
    expect(out.length, 'duplicates').toBe(expectedOut.length);
    expect(out.find((o) => o.n === 10)?.delivery, 'a failed entry is reclaimed and delivered again').toBe(2);
    expect(out.find((o) => o.n === 5)?.delivery, 'a timed-out entry is reclaimed and delivered again').toBe(2);
    expect(out.find((o) => o.n === 1)?.delivery).toBe(1);

    const dead = await readStream(url, `${prefix}:dead`);
    const deadN = dead
      .filter((d) => d['reason']!.startsWith('delivered'))
      .map((d) => (JSON.parse((JSON.parse(d['value']!) as { value: string }).value) as { n: number }).n);
    expect(deadN.sort((a, b) => a - b)).toEqual(entries.filter((e) => e.fail >= 3).map((e) => e.n));
    expect(new Set(dead.filter((d) => d['reason']!.startsWith('delivered')).map((d) => d['reason']))).toEqual(
      new Set(['delivered 3 times without an ack (redis.spout.max.deliveries)']),
    );
    const badJson = dead.filter((d) => d['reason']!.startsWith('field "value" is not valid JSON'));
    expect(badJson.map((d) => JSON.parse(d['value']!) as Record<string, string>)).toEqual([{ value: 'not json {' }]);

    // Everything was XACKed: nothing pending in the group, and it delivered the stream's last entry.
    expect(await groupPosition(url, `${prefix}:in`, `${prefix}:group`)).toEqual({ pending: 0, delivered: true });
  });
});
