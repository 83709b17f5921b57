// RedisStreamSpout against the real Redis on the local engine: every entry is relayed and XACKed, failed and timed-out
// entries are reclaimed with XAUTOCLAIM after the idle time, those delivered too often reach the dead-letter stream,
// and a worker that dies leaves its entries pending until a consumer reclaims them.
import { fileURLToPath } from 'node:url';
import { loadTopology, runLocal } from '@twinstorm/local';
import { afterAll, describe, expect, it } from 'vitest';
import { waitFor } from '@twinstorm/core/testing';
import { addEntries, dropKeys, freshPrefix, groupPosition, readDeliveries, readStream, testRedisUrl } from './support/redis-streams.ts';

const RELAY = fileURLToPath(new URL('./fixtures/relay.ts', import.meta.url));
const IDLE_POLL_MS = 50;
/** Idle this long (what --until-idle waits for) means done: longer than a claim interval, so a pending reclaim shows. */
const IDLE_FOR_MS = 500;
/** Generous: a loaded 2-core machine may take minutes; the wait ends as soon as the run is idle. */
const RUN_TIMEOUT_MS = 180_000;
const prefixes: string[] = [];

/** Runs the relay until the local engine is idle for 500 ms (what --until-idle does); returns the errors it reported. */
async function runRelayUntilIdle(conf: Record<string, string | number>, workers = 1): Promise<string[]> {
  const topology = await loadTopology(RELAY);
  const run = runLocal(topology, { conf, workers, onWorkerExit: () => undefined });
  await run.started;
  let idleSince: number | undefined;
  let snapshot;
  try {
    await waitFor(
      () => {
        if (!run.isIdle()) idleSince = undefined;
        return Date.now() - (idleSince ??= Date.now()) >= IDLE_FOR_MS;
      },
      RUN_TIMEOUT_MS,
      `the relay idle for ${IDLE_FOR_MS} ms`,
      { intervalMs: IDLE_POLL_MS, dump: () => JSON.stringify(run.snapshot().spoutTuples) },
    );
  } finally {
    snapshot = await run.stop('test done');
  }
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

describe('RedisStreamSpout on the local engine', { timeout: 240_000 }, () => {
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

    // At least once on a machine of any speed: an entry may also time out when it was not meant to (a loaded machine),
    // and is then delivered again. So the checks follow the deliveries the flaky bolt counted in Redis.
    const deliveries = await readDeliveries(url, prefix);
    const planned = (e: (typeof entries)[number]) => e.fail + e.hang;
    const out = (await readStream(url, `${prefix}:out`)).map((f) => ({ n: Number(f['n']), delivery: Number(f['delivery']) }));
    const dead = await readStream(url, `${prefix}:dead`);
    const overDelivered = dead.filter((d) => d['reason']!.startsWith('delivered'));
    const deadN = new Set(overDelivered.map((d) => (JSON.parse((JSON.parse(d['value']!) as { value: string }).value) as { n: number }).n));
    const outN = new Set(out.map((o) => o.n));
    expect(
      entries.filter((e) => !outN.has(e.n) && !deadN.has(e.n)).map((e) => e.n),
      'lost: neither relayed nor dead-lettered',
    ).toEqual([]);
    expect(
      entries.filter((e) => e.fail >= 3 && !deadN.has(e.n)).map((e) => e.n),
      'failing 3 times ends in the dead letters',
    ).toEqual([]);
    expect(
      entries.filter((e) => deadN.has(e.n) && (deliveries.get(e.n) ?? 0) < 3).map((e) => e.n),
      'dead-lettered only after 3 deliveries',
    ).toEqual([]);
    expect(new Set(overDelivered.map((d) => d['reason']))).toEqual(
      new Set(['delivered 3 times without an ack (redis.spout.max.deliveries)']),
    );
    // An entry comes out once per delivery at most, and only from a delivery after its planned fails and hangs: so a
    // second output of an entry is a redelivery (after a timeout), never a duplicate emit.
    const pairs = out.map((o) => `${o.n}#${o.delivery}`);
    expect(pairs.length - new Set(pairs).size, 'the same delivery relayed twice').toBe(0);
    expect(
      out.filter((o) => o.delivery <= planned(entries[o.n]!)).map((o) => o.n),
      'relayed on a delivery meant to fail or hang',
    ).toEqual([]);
    const redelivered = (pick: (e: (typeof entries)[number]) => boolean) =>
      entries.filter((e) => pick(e) && outN.has(e.n)).every((e) => Math.min(...out.filter((o) => o.n === e.n).map((o) => o.delivery)) >= 2);
    expect(
      redelivered((e) => e.fail === 1 && e.hang === 0),
      'failed entries are reclaimed and delivered again',
    ).toBe(true);
    expect(
      redelivered((e) => e.hang === 1 && e.fail === 0),
      'timed-out entries are reclaimed and delivered again',
    ).toBe(true);
    expect(out.filter((o) => o.n === 10 || o.n === 5).length, 'the failed (10) and timed-out (5) entries came out').toBeGreaterThanOrEqual(
      2,
    );

    const badJson = dead.filter((d) => d['reason']!.startsWith('field "value" is not valid JSON'));
    expect(badJson.map((d) => JSON.parse(d['value']!) as Record<string, string>)).toEqual([{ value: 'not json {' }]);

    // Everything was XACKed: nothing pending in the group, and it delivered the stream's last entry.
    expect(await groupPosition(url, `${prefix}:in`, `${prefix}:group`)).toEqual({ pending: 0, delivered: true });
  });
});
