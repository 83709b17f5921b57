import { fieldsGroupingIndex } from '@twinstorm/core/runtime';
import { loadTopology } from '@twinstorm/local';
import { describe, expect, it } from 'vitest';
import { runTopology, TestkitError } from '../src/index.ts';

const WORDS = new URL('./fixtures/words.ts', import.meta.url).pathname;

describe('runTopology on the local engine', () => {
  it('feeds fixture tuples, captures emits with task indexes, and waits for every ack', async () => {
    const r = await runTopology(WORDS, {
      runtime: 'local',
      inputs: { sentences: [['a b a'], ['c a'], { values: ['b'], stream: 'default' }] },
      capture: ['count'],
    });
    expect(r.acked).toBe(3);
    expect(r.failed).toBe(0);
    expect(r.captured).toHaveLength(6);
    const counts = new Map<string, number>();
    for (const c of r.captured) {
      expect(c.component).toBe('count');
      expect(c.fields).toEqual(['word', 'count', 'task']);
      expect(c.taskIndex).toBe(fieldsGroupingIndex([c.values[0]], 2));
      expect(c.values[2]).toBe(c.taskIndex);
      counts.set(c.values[0] as string, Math.max(counts.get(c.values[0] as string) ?? 0, c.values[1] as number));
    }
    expect(Object.fromEntries(counts)).toEqual({ a: 3, b: 2, c: 1 });
    expect(r.observations.filter((o) => o.kind === 'counted')).toHaveLength(6);
    expect(r.errors).toEqual({});
    expect(r.spec.components.map((c) => c.id)).toContain('twinstorm-capture');
  });

  it('reports explicit fails, BasicBolt throws (with the error) and timeouts', async () => {
    const r = await runTopology(WORDS, {
      runtime: 'local',
      inputs: { sentences: [['x fail'], ['y boom'], ['hold'], ['ok']] },
      capture: ['split'],
    });
    const outcome = Object.fromEntries(r.settled.map((s) => [s.index, s.outcome]));
    expect(outcome).toEqual({ 0: 'fail', 1: 'fail', 2: 'fail', 3: 'ack' });
    expect(r.errors['count']?.some((m) => m.includes('boom went the word'))).toBe(true);
    const held = r.settled.find((s) => s.index === 2)!;
    expect(held.at - held.emittedAt!).toBeGreaterThanOrEqual(1_900);
  });

  it('takes a Topology loaded from its module, and times out with a dump of what arrived', async () => {
    const topology = await loadTopology(WORDS);
    const error = await runTopology(topology, {
      runtime: 'local',
      inputs: { sentences: [['a']] },
      until: () => false,
      timeoutMs: 1_500,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TestkitError);
    expect((error as TestkitError).code).toBe('E_TIMEOUT');
    expect((error as TestkitError).message).toMatch(/fixture tuples: 1 in inputs, 1 emitted, 1 acked/);
  });

  it('fails with E_REJECTED when strict mode refuses a fixture value, or lists it with allowRejected', async () => {
    const inputs = { sentences: [[NaN], ['fine']] };
    const error = await runTopology(WORDS, { runtime: 'local', inputs }).catch((e: unknown) => e);
    expect((error as TestkitError).code).toBe('E_REJECTED');
    expect((error as TestkitError).message).toMatch(/sentences#0: .*NaN/);
    const r = await runTopology(WORDS, { runtime: 'local', inputs, allowRejected: true });
    expect(r.rejected.map((x) => x.index)).toEqual([0]);
    expect(r.acked).toBe(1);
  });

  it('refuses options it cannot use, naming the problem', async () => {
    await expect(runTopology(WORDS, { runtime: 'local', inputs: { nope: [['a']] } })).rejects.toThrow(/inputs names "nope"/);
    await expect(runTopology(WORDS, { runtime: 'local', inputs: { split: [['a']] } })).rejects.toThrow(/is a bolt, not a spout/);
    await expect(runTopology(WORDS, { runtime: 'local', capture: ['count'] })).rejects.toThrow(/nothing to wait for/);
    await expect(runTopology(WORDS, { runtime: 'local', inputs: { sentences: [{ values: ['a'], stream: 'x' }] } })).rejects.toThrow(
      /stream "x", which the spout does not declare/,
    );
  });
});
