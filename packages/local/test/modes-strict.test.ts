// Strict mode, run in this thread and spread over 2 worker threads: it applies where the emit happens, so what the
// receivers get, what is refused and what is frozen are the same in both modes; with strict mode off, none of it.
import type { Conf } from '@twinstorm/core';
import { describe, expect, it } from 'vitest';
import { loadTopology, type RunSnapshot } from '../src/index.ts';
import { STRICT_FIXTURES } from './fixtures/strict.ts';
import { codeOf, withRun, type Harness } from './helpers.ts';
import { waitFor } from '@twinstorm/core/testing';
import { MODES, ProbeLog, SPREAD, type Mode } from './modes.ts';

const N = 8;

async function runKinds(
  mode: Mode,
  strict: { option?: boolean; conf?: Conf },
): Promise<{ harness: Harness; probe: ProbeLog; summary: RunSnapshot }> {
  const probe = new ProbeLog();
  try {
    const topology = await loadTopology(STRICT_FIXTURES, 'strictKinds');
    const conf: Conf = { ...SPREAD, ...probe.conf, 'test.count': N, 'test.replay': false, ...strict.conf };
    const { harness, summary } = await withRun(
      topology,
      { workers: mode.workers, conf, ...(strict.option === undefined ? {} : { strict: strict.option }) },
      async (h) => {
        await waitFor(() => probe.ledger().acks.length + probe.ledger().fails.length >= N, 10_000, 'every id acked or failed', h);
      },
    );
    await probe.settle();
    return { harness, probe, summary };
  } finally {
    probe.close();
  }
}

/** The payload the sink saw for each id. */
function payloads(probe: ProbeLog): Map<number, unknown> {
  return new Map(probe.seen('sink').map((s) => [s.values[0] as number, s.values[1]]));
}

/** mark events by id (the fixture reports the id in `task`). */
function marks(probe: ProbeLog, name: string): Map<number, number> {
  return new Map(probe.marks(name).map((m) => [m.task, m.value]));
}

describe.each(MODES)('strict mode $name', (mode) => {
  it('refuses what Storm would change, hands receivers the round-tripped values, frozen, and freezes what was emitted', async () => {
    const { harness, probe } = await runKinds(mode, { option: true });
    const errors = harness.errors.map((e) => ({ code: codeOf(e.error), message: e.message }));
    expect(errors.map((e) => e.code).sort()).toEqual(['E_STRICT_VALUE', 'E_STRICT_VALUE', 'E_UNDECLARED_STREAM', 'E_WRONG_FIELD_COUNT']);
    const messages = errors.map((e) => e.message);
    expect(messages).toContainEqual(
      expect.stringMatching(
        /^component "emit", task \d+, stream "default", field "payload": strict mode: values\[1\] is NaN, which is not JSON/,
      ),
    );
    expect(messages).toContainEqual(
      expect.stringMatching(
        /^component "emit", task \d+, stream "default", field "payload": strict mode: values\[1\]\.items\[3\] is -0, which JSON writes as 0/,
      ),
    );
    expect(messages).toContainEqual(expect.stringMatching(/stream "nope": emitted to a stream it did not declare/));
    expect(messages).toContainEqual(expect.stringMatching(/emitted 1 value\(s\) but the stream declares 2 field\(s\)/));
    expect(
      probe
        .ledger()
        .fails.map((f) => f.msgId)
        .sort(),
    ).toEqual([3, 4, 5, 6]);

    const seen = payloads(probe);
    expect([...seen.keys()].sort()).toEqual([0, 1, 2, 7]);
    expect(seen.get(0)).toEqual({ aa: 4, a: 2, b: 1, c: 3, tags: ['x', 'y'] });
    expect(Object.keys(seen.get(0) as object)).toEqual(['aa', 'a', 'b', 'c', 'tags']); // Storm's HashMap order
    expect(seen.get(1)).toBe(2n ** 60n + 1n);
    expect(seen.get(2)).toBe(5);
    expect(seen.get(7)).toBe('plain');
    expect([...marks(probe, 'frozen').values()]).toEqual([1, 1, 1, 1]);
    expect(marks(probe, 'mutation-threw')).toEqual(
      new Map([
        [0, 1],
        [1, 1],
        [2, 1],
        [7, 1],
      ]),
    );
  });

  it('is switched on by conf "twinstorm.local.strict" too', async () => {
    const { harness, probe } = await runKinds(mode, { conf: { 'twinstorm.local.strict': true } });
    expect(harness.errors.map((e) => codeOf(e.error)).filter((c) => c === 'E_STRICT_VALUE')).toHaveLength(2);
    expect(payloads(probe).get(2)).toBe(5);
  });

  it('off (the default): nothing refused but the emit rules, values pass unchanged and unfrozen', async () => {
    const { harness, probe } = await runKinds(mode, {});
    expect(harness.errors.map((e) => codeOf(e.error)).sort()).toEqual(['E_UNDECLARED_STREAM', 'E_WRONG_FIELD_COUNT']);
    const seen = payloads(probe);
    expect(seen.get(2)).toBe(5n);
    expect(seen.get(3)).toBeNaN();
    expect(Object.is((seen.get(4) as { items: number[] }).items[3], -0)).toBe(true);
    expect(Object.keys(seen.get(0) as object)).toEqual(['b', 'a', 'c', 'aa', 'tags']);
    expect([...marks(probe, 'frozen').values()].every((v) => v === 0)).toBe(true);
    expect([...marks(probe, 'mutation-threw').values()].every((v) => v === 0)).toBe(true);
  });
});
