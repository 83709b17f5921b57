// Acking, replay, timeouts, max spout pending and maxTuples, each run in this thread and spread over 2 worker threads:
// trees whose tuples cross threads must complete, fail and time out exactly as in one thread.
import { describe, expect, it } from 'vitest';
import { holdsFor, range, tally } from './helpers.ts';
import { waitFor } from '@twinstorm/core/testing';
import { MODES, runScenario } from './modes.ts';

describe.each(MODES)('acking $name', (mode) => {
  it('acks every tree of sentences -> split -> count -> sink exactly once, on the spout turn, counting words exactly', async () => {
    const n = 300;
    const { summary, probe } = await runScenario('acking', mode, { 'test.count': n }, async (h, p) => {
      await waitFor(() => p.ledger().allAcked(n), 15_000, 'all sentences acked', h);
      await waitFor(() => h.run.snapshot().spoutTuples.pending === 0, 3_000, 'nothing pending', h);
      expect(h.errors).toEqual([]);
    });
    const ledger = probe.ledger();
    expect([...ledger.ackTally().entries()].sort((a, b) => a[0] - b[0])).toEqual(range(n).map((i) => [i, 1]));
    expect(ledger.fails).toEqual([]);
    expect(ledger.reentrant).toBe(0);
    const sink = probe.seen('sink');
    expect(sink).toHaveLength(3 * n);
    // Every word's counts are 1..k: fields grouping kept each word on one count task, wherever it ran.
    const counts = new Map<string, number[]>();
    for (const s of sink) counts.set(s.values[1] as string, [...(counts.get(s.values[1] as string) ?? []), s.values[2] as number]);
    expect(counts.get('w0')!.sort((a, b) => a - b)).toEqual(range(n / 3).map((i) => i + 1));
    expect(counts.get('v4')!.sort((a, b) => a - b)).toEqual(range(n / 5).map((i) => i + 1));
    expect(summary.spoutTuples).toMatchObject({ emitted: n, acked: n, failed: 0, pending: 0, abandoned: 0, untracked: 0 });
    expect(summary.components['count']).toMatchObject({ executed: 3 * n, acked: 3 * n, emitted: 3 * n });
  });

  it('completes a tree only when its last leaf is acked, and only that tree', async () => {
    const n = 30;
    await runScenario('acking', mode, { 'test.count': n, 'test.decide.sink': 'hold' }, async (h, p) => {
      await waitFor(() => p.seen('sink').length === 3 * n, 15_000, 'every word held at the sink', h);
      await holdsFor(100, () => p.ledger().acks.length === 0, 'no tree completes while its leaves are held', h);
      // Sentence 7 is "w1 v2 x7": its three leaves, one at a time.
      p.send({ cmd: 'release', how: 'ack', where: { id: 7, word: 'x7' } });
      await waitFor(() => p.released() === 1, 3_000, 'one leaf of 7 released', h);
      p.send({ cmd: 'release', how: 'ack', where: { id: 7, word: 'w1' } });
      await waitFor(() => p.released() === 2, 3_000, 'a second leaf of 7 released', h);
      await holdsFor(100, () => p.ledger().acks.length === 0, 'sentence 7 not acked with one leaf held', h);
      p.send({ cmd: 'release', how: 'ack', where: { id: 7 } });
      await waitFor(() => p.ledger().acks.length === 1, 3_000, 'sentence 7 acked', h);
      expect(p.ledger().acks[0]!.msgId).toBe(7);
      await waitFor(() => h.run.snapshot().spoutTuples.pending === n - 1, 3_000, 'the others pending', h);
      p.send({ cmd: 'release', how: 'ack' });
      await waitFor(() => p.ledger().allAcked(n), 5_000, 'all acked after release', h);
    });
  });

  it('multi-anchoring: a joined tuple completes both trees only when acked, and failing it fails both', async () => {
    const n = 20;
    await runScenario('joining', mode, { 'test.count': n, 'test.replay': false, 'test.decide.sink': 'hold' }, async (h, p) => {
      const byTask = () => {
        const l = p.ledger();
        return { acks: l.acks.map((a) => a.msgId), fails: l.fails.map((f) => f.msgId) };
      };
      await waitFor(() => p.seen('sink').length === n, 15_000, 'every key joined and held', h);
      await holdsFor(80, () => byTask().acks.length === 0, 'no side acked while the joined tuple is held', h);
      p.send({ cmd: 'release', how: 'ack', where: { key: 4 } });
      await waitFor(() => byTask().acks.length === 2, 3_000, 'both roots of key 4 acked', h);
      expect(byTask().acks).toEqual([4, 4]);
      p.send({ cmd: 'release', how: 'fail', where: { key: 9 } });
      await waitFor(() => byTask().fails.length === 2, 3_000, 'both roots of key 9 failed', h);
      expect(byTask().fails).toEqual([9, 9]);
      p.send({ cmd: 'release', how: 'ack' });
      await waitFor(() => byTask().acks.length === 2 * (n - 1), 5_000, 'the rest acked', h);
    });
  });

  it('fails every 10th id once, the spout replays it, and every id ends acked exactly once', async () => {
    const n = 200;
    const { summary, probe } = await runScenario('replay', mode, { 'test.count': n }, async (h, p) => {
      await waitFor(() => p.ledger().allAcked(n), 15_000, 'all acked after replays', h);
    });
    const ledger = probe.ledger();
    expect(ledger.fails.map((f) => f.msgId).sort((a, b) => a - b)).toEqual(range(n).filter((i) => i % 10 === 0));
    expect([...ledger.ackTally().values()].every((c) => c === 1)).toBe(true);
    expect(ledger.ackTally().size).toBe(n);
    const emits = tally(ledger.emits.map((e) => e.msgId));
    for (const i of range(n)) expect(emits.get(i), `emits of ${i}`).toBe(i % 10 === 0 ? 2 : 1);
    expect(summary.spoutTuples).toMatchObject({ emitted: n + n / 10, acked: n, failed: n / 10, pending: 0 });
    expect(summary.components['flaky']!.failed).toBe(n / 10);
    expect(ledger.reentrant).toBe(0);
  });

  it('times out unacked trees between T and 2T after their emit; the replays are acked', async () => {
    const n = 50;
    const timedOut = range(n).filter((i) => i % 7 === 0);
    const { summary, probe } = await runScenario('timeouts', mode, { 'test.count': n }, async (h, p) => {
      await waitFor(() => p.ledger().allAcked(n), 10_000, 'every id acked, the timed-out ones after replay', h);
    });
    const ledger = probe.ledger();
    expect(ledger.fails.map((f) => f.msgId).sort((a, b) => a - b)).toEqual(timedOut);
    for (const f of ledger.fails) {
      const emittedAt = ledger.emits.find((e) => e.msgId === f.msgId)!.at;
      const dt = (f.at - emittedAt) / 1000;
      expect(dt, `timeout of id ${f.msgId} after ${dt.toFixed(3)} s`).toBeGreaterThanOrEqual(0.9);
      expect(dt, `timeout of id ${f.msgId} after ${dt.toFixed(3)} s`).toBeLessThanOrEqual(2.6);
    }
    expect(ledger.ackTally().size).toBe(n);
    expect(summary.spoutTuples).toMatchObject({ acked: n, failed: timedOut.length, pending: 0 });
  });

  it('never lets a spout task have more than max spout pending trees, and stops at the limit until one completes', async () => {
    await runScenario('pendingHold', mode, { 'test.count': 1000 }, async (h, p) => {
      await waitFor(() => h.run.snapshot().spoutTuples.pending === 10, 10_000, 'two tasks at 5 pending each', h);
      await holdsFor(150, () => p.ledger().emits.length === 10, 'no more emits at the limit', h);
      expect([...p.ledger().maxOutstanding.values()]).toEqual([5, 5]);
      p.send({ cmd: 'release', how: 'ack', where: { n: 2 } });
      await waitFor(() => p.ledger().emits.length === 11, 3_000, 'one more emit after one ack', h);
      await holdsFor(80, () => p.ledger().emits.length === 11, 'no further emits', h);
    });
    const { probe } = await runScenario('pendingLater', mode, { 'test.count': 60 }, async (h, p) => {
      await waitFor(() => p.ledger().allAcked(60), 10_000, 'all acked', h);
    });
    expect(Math.max(...probe.ledger().maxOutstanding.values())).toBe(5);
  });

  it('stops after exactly maxTuples acked trees, counted over every thread', async () => {
    const max = 1000;
    const { summary, probe } = await runScenario(
      'maxTuples',
      mode,
      {},
      async (h) => {
        const s = await Promise.race([h.run.finished, new Promise<null>((r) => setTimeout(() => r(null), 20_000))]);
        if (s === null) throw new Error(`maxTuples run did not finish\n${h.dump()}`);
      },
      { maxTuples: max },
    );
    expect(summary.stopReason).toBe(`max tuples reached (${max})`);
    expect(summary.spoutTuples).toEqual({ emitted: max, acked: max, failed: 0, pending: 0, abandoned: 0, untracked: 0 });
    expect(probe.ledger().acks).toHaveLength(max);
    expect(new Set(probe.ledger().acks.map((a) => a.msgId)).size).toBe(max);
    expect(summary.components['split']).toMatchObject({ executed: max, acked: max, failed: 0, queued: 0 });
    expect(summary.components['sink']!.executed).toBe(summary.components['split']!.emitted);
    expect(Math.max(...probe.ledger().maxOutstanding.values())).toBeLessThanOrEqual(50);
  });

  it('is idle once a finite spout is done and nothing is pending, queued or in flight between threads', async () => {
    const n = 200;
    await runScenario('acking', mode, { 'test.count': n }, async (h, p) => {
      await waitFor(() => h.run.isIdle(), 15_000, 'the run idle', h);
      // Idle means done: every tree acked, none pending (the probe's events arrive a little later).
      expect(h.run.snapshot().spoutTuples).toMatchObject({ emitted: n, acked: n, pending: 0 });
      await waitFor(() => p.ledger().ackTally().size === n && p.seen('sink').length === 3 * n, 3_000, 'every ack and word reported', h);
    });
  });
});
