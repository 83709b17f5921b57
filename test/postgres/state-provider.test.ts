// The PostgreSQL state provider against the real database: puts, gets, deletes and iteration through load, a
// checkpoint that fails half-way leaves nothing of itself, a store opened again (a restarted task) gets what the last
// commit wrote, namespaces stay apart, and a wrong password fails without showing it.
import { postgresStateProvider } from '@twinstorm/postgres';
import type { JsonValue, StateChanges } from '@twinstorm/state';
import { afterAll, describe, expect, it } from 'vitest';
import { adminClient, freshTable, testPostgresUrl } from './support/database.ts';

const table = freshTable('h13c_state');
const provider = postgresStateProvider(() => undefined);
const changes = (puts: Record<string, JsonValue>, deletes: string[] = []): StateChanges => ({
  puts: new Map(Object.entries(puts)),
  deletes: new Set(deletes),
});

afterAll(async () => {
  const db = await adminClient(await testPostgresUrl());
  await db.query(`DROP TABLE IF EXISTS ${table}`).finally(() => db.end());
});

describe('PostgreSQL state provider', { timeout: 60_000 }, () => {
  it('puts, overwrites, deletes and iterates every key, and a reopened store restores the last commit', async () => {
    const config = { url: await testPostgresUrl(), table };
    const store = await provider.open('topo/counter/3', config);
    expect(await store.load(), 'a new namespace is empty').toEqual(new Map());
    const many = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`k${i}`, i]));
    await store.commit(changes({ ...many, nested: { a: [1, 'two', null, true], 'é🙂': 'x' }, text: 'plain', n: 1.5 }));
    await store.commit(changes({ k0: 'overwritten', k999: { again: 1 } }, ['k1', 'k2', 'text', 'never-there']));
    const loaded = await store.load();
    expect(loaded.size, '1003 keys put, 3 of them deleted').toBe(1000);
    expect(loaded.get('k0')).toBe('overwritten');
    expect(loaded.get('k999')).toEqual({ again: 1 });
    expect(loaded.get('k500')).toBe(500);
    expect(loaded.has('k1') || loaded.has('k2') || loaded.has('text')).toBe(false);
    expect(loaded.get('nested')).toEqual({ a: [1, 'two', null, true], 'é🙂': 'x' });
    expect(loaded.get('n')).toBe(1.5);
    await store.close();

    const reopened = await provider.open('topo/counter/3', config);
    expect(await reopened.load(), 'the restarted task gets exactly the committed state').toEqual(loaded);
    const other = await provider.open('topo/counter/4', config);
    expect(await other.load(), 'another task namespace sees none of it').toEqual(new Map());
    await Promise.all([reopened.close(), other.close()]);
  });

  it('a checkpoint that fails half-way (its delete done, its insert refused) leaves nothing of itself', async () => {
    const config = { url: await testPostgresUrl(), table };
    const store = await provider.open('topo/atomic/1', config);
    await store.commit(changes({ a: 1, b: 2 }));
    // The DELETE runs first and succeeds; jsonb refuses \u0000, so the INSERT of the same transaction fails.
    const failing = store.commit(changes({ c: 3, bad: 'nul \u0000 inside' }, ['a']));
    await expect(failing).rejects.toThrow(/commit of state "topo\/atomic\/1" in .* failed: .*(unsupported Unicode|\\u0000)/);
    expect(await store.load(), 'the failed commit deleted nothing and wrote nothing').toEqual(
      new Map<string, JsonValue>([
        ['a', 1],
        ['b', 2],
      ]),
    );
    await store.commit(changes({ c: 3 }, ['a']));
    await store.close();
    const reopened = await provider.open('topo/atomic/1', config);
    expect(await reopened.load(), 'the next commit went through whole').toEqual(
      new Map<string, JsonValue>([
        ['b', 2],
        ['c', 3],
      ]),
    );
    await reopened.close();
  });

  it('fails on a wrong password naming the database, never the password', async () => {
    const secret = 'h13c-pg-s3cret';
    const url = new URL(await testPostgresUrl());
    url.password = secret;
    const wrong = provider.open('t/c/1', { url: url.toString(), table });
    await expect(wrong).rejects.toThrow(/password authentication failed/);
    await expect(wrong).rejects.not.toThrow(secret);
  });
});
