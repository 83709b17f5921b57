// Component errors and metrics, each run in this thread and spread over 2 worker threads: errors reported in another
// thread reach the run's onError with their code and site; counters are merged exactly.
import { describe, expect, it } from 'vitest';
import { codeOf, firstNumbers, range } from './helpers.ts';
import { waitFor } from '@twinstorm/core/testing';
import { MODES, runScenario } from './modes.ts';

const N = 30;

describe.each(MODES)('errors and metrics $name', (mode) => {
  it('an emit to an undeclared stream is E_UNDECLARED_STREAM naming component, task and stream; its input fails, the rest flows', async () => {
    const { summary, harness, probe } = await runScenario('undeclared', mode, { 'test.count': N, 'test.replay': false }, async (h, p) => {
      await waitFor(() => p.ledger().acks.length + p.ledger().fails.length >= N, 10_000, 'every id acked or failed', h);
    });
    expect(harness.errors).toHaveLength(1);
    const e = harness.errors[0]!;
    expect(codeOf(e.error)).toBe('E_UNDECLARED_STREAM');
    expect(e.error).toBeInstanceOf(Error);
    expect(e.component).toBe('bad');
    expect(e.message).toContain('component "bad"');
    expect(e.message).toContain(`task ${e.task}`);
    expect(e.message).toContain('stream "nope"');
    expect(probe.ledger().fails.map((f) => f.msgId)).toEqual([3]);
    expect(firstNumbers(probe.seen('sink')).sort((a, b) => a - b)).toEqual(range(N).filter((i) => i !== 3));
    expect(summary.components['bad']).toMatchObject({ errors: 1, failed: 1 });
    expect(summary.lastErrors.map((x) => x.message)).toEqual([e.message]);
  });

  it('a value that cannot cross threads unchanged (a class instance) is refused with E_INVALID_VALUE only when it would cross', async () => {
    const { harness, probe } = await runScenario('points', mode, { 'test.count': N, 'test.replay': false }, async (h, p) => {
      await waitFor(() => p.ledger().acks.length + p.ledger().fails.length >= N, 10_000, 'every id acked or failed', h);
    });
    if (mode.workers === 1) {
      // In one thread values pass by reference: the Point reaches the sink as it is.
      expect(harness.errors).toEqual([]);
      expect(probe.seen('sink')).toHaveLength(N);
      return;
    }
    expect(harness.errors.map((e) => codeOf(e.error))).toEqual(['E_INVALID_VALUE']);
    const e = harness.errors[0]!;
    expect(e.message).toMatch(
      /component "points", task \d+, stream "default": cannot send these values to a task on another worker thread: an instance of Point/,
    );
    expect(probe.ledger().fails.map((f) => f.msgId)).toEqual([3]);
    expect(firstNumbers(probe.seen('sink')).sort((a, b) => a - b)).toEqual(range(N).filter((i) => i !== 3));
  });

  it('counts executed, emitted, acked and failed per component exactly, merged over threads', async () => {
    const n = 300;
    const { summary } = await runScenario('metrics', mode, { 'test.count': n, 'test.replay': false }, async (h, p) => {
      await waitFor(() => p.ledger().acks.length + p.ledger().fails.length === n, 10_000, 'every tree done', h);
    });
    let emitted = 0;
    for (const id of range(n)) emitted += (id % 3) + (id % 4 === 0 ? 1 : 0);
    const c = summary.components;
    expect(c['spout']).toMatchObject({
      kind: 'spout',
      tasks: 1,
      executed: n,
      emitted: n,
      acked: n - 10,
      failed: 10,
      errors: 0,
      pending: 0,
    });
    expect(c['split']).toMatchObject({ kind: 'bolt', tasks: 2, executed: n, emitted, acked: n - 10, failed: 10, errors: 0 });
    expect(c['side']!.executed).toBe(Math.ceil(n / 4));
    expect(c['main']!.executed + c['side']!.executed).toBe(emitted);
    expect(summary.spoutTuples).toEqual({ emitted: n, acked: n - 10, failed: 10, pending: 0, abandoned: 0, untracked: 0 });
    const latency = c['spout']!.completeLatencyMs!;
    expect(latency.p50).toBeGreaterThan(0);
    expect(latency.p50).toBeLessThanOrEqual(latency.p99);
    if (mode.workers === 2) {
      expect(summary.workers).toHaveLength(2);
      expect(summary.workers!.flatMap((w) => w.tasks).sort()).toEqual(['main:2', 'main:3', 'side:4', 'split:5', 'split:6', 'spout:7']);
      expect(summary.workers!.every((w) => w.restarts === 0 && w.state === 'stopped')).toBe(true);
    } else expect(summary.workers).toBeUndefined();
  });
});
