// Streams and keys for one test on the shared Redis: a fresh `s13:redis:` prefix, entries added, streams read back.
import { createClient } from 'redis';
import { useServices } from '../../support/services.ts';

/** A connected client of the test's Redis. */
export type TestClient = ReturnType<typeof createClient>;

/** The Redis tests run against: the loopback server of `twinstorm services` (started when none runs). */
export async function testRedisUrl(): Promise<string> {
  return (await useServices(['redis'])).redis.url;
}

/** A key prefix no earlier test used. */
export function freshPrefix(name: string): string {
  return `s13:redis:${name}:${process.pid}:${Date.now().toString(36)}`;
}

/** Runs `use` with a client of `url`, closed afterwards. */
export async function withClient<T>(url: string, use: (client: TestClient) => Promise<T>): Promise<T> {
  const client: TestClient = createClient({ url });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await use(client);
  } finally {
    client.destroy();
  }
}

/** Appends entries whose field `value` holds each value as JSON (a string is stored as it is). */
export async function addEntries(url: string, stream: string, values: readonly unknown[]): Promise<void> {
  await withClient(url, async (client) => {
    for (let i = 0; i < values.length; i += 500) {
      const multi = client.multi();
      for (const v of values.slice(i, i + 500)) multi.xAdd(stream, '*', { value: typeof v === 'string' ? v : JSON.stringify(v) });
      await multi.exec();
    }
  });
}

/** Every entry of a stream, as its field/value pairs. */
export async function readStream(url: string, stream: string): Promise<Record<string, string>[]> {
  return withClient(url, async (client) => {
    const entries = (await client.xRange(stream, '-', '+')) as { message: Record<string, string> }[];
    return entries.map((m) => ({ ...m.message }));
  });
}

/** The group's pending count and whether it has delivered the stream's last entry. */
export async function groupPosition(url: string, stream: string, group: string): Promise<{ pending: number; delivered: boolean }> {
  return withClient(url, async (client) => {
    const groups = await client.xInfoGroups(stream);
    const info = await client.xInfoStream(stream);
    const g = groups.find((x) => x.name === group);
    if (g === undefined) throw new Error(`no group ${group} on ${stream}`);
    return { pending: g.pending, delivered: g['last-delivered-id'] === info['last-generated-id'] };
  });
}

/** The deliveries the relay's flaky bolt counted per entry number (`<prefix>:deliveries`, kept in Redis across crashes). */
export async function readDeliveries(url: string, prefix: string): Promise<Map<number, number>> {
  return withClient(url, async (client) => {
    const counts = await client.hGetAll(`${prefix}:deliveries`);
    return new Map(Object.entries(counts).map(([n, c]) => [Number(n), Number(c)]));
  });
}

/** Deletes every key under the prefix (the test's streams and hashes). */
export async function dropKeys(url: string, prefix: string): Promise<void> {
  await withClient(url, async (client) => {
    for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) if (keys.length > 0) await client.del(keys);
  });
}
