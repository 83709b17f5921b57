import { BasicBolt, Bolt, Spout, TopologyBuilder, type Tuple } from '@twinstorm/core';
import { describe, expect, it } from 'vitest';
import { captureBolt, holdsFor, Ledger, numberSpout, probe, range, release, stopReleasing, tally, withRun, type Seen } from './helpers.ts';
import { waitFor } from '@twinstorm/core/testing';
import { JoinBolt } from './fixtures/components.ts';

/** Three words per sentence: two shared ones and one unique to the id, so fields grouping and counting both matter. */
const sentence = (id: number): unknown[] => [id, `w${id % 3} v${id % 5} x${id}`];

/** Splits the sentence into words, each anchored to the sentence. */
class SplitBolt extends Bolt {
  static outputFields = ['id', 'word'];
  execute(t: Tuple): void {
    probe.inExecute++;
    try {
      for (const w of t.getString('sentence').split(' ')) this.emit([t.getNumber('id'), w], { anchors: [t] });
      this.ack(t);
    } finally {
      probe.inExecute--;
    }
  }
}

/** Counts words (fields-grouped), emitting the running count anchored to the word. */
class CountBolt extends Bolt {
  static outputFields = ['id', 'word', 'count'];
  readonly #counts = new Map<string, number>();
  execute(t: Tuple): void {
    probe.inExecute++;
    try {
      const w = t.getString('word');
      const c = (this.#counts.get(w) ?? 0) + 1;
      this.#counts.set(w, c);
      this.emit([t.getNumber('id'), w, c], { anchors: [t] });
      this.ack(t);
    } finally {
      probe.inExecute--;
    }
  }
}

function wordTree(
  ledger: Ledger,
  n: number,
  sink: Seen[],
  decide: Parameters<typeof captureBolt>[1],
  held: Parameters<typeof captureBolt>[2],
): TopologyBuilder {
  const b = new TopologyBuilder();
  b.setSpout('sentences', numberSpout(ledger, { count: n, fields: ['id', 'sentence'], values: sentence }), 1);
  b.setBolt('split', SplitBolt, 2).shuffleGrouping('sentences');
  b.setBolt('count', CountBolt, 3).fieldsGrouping('split', ['word']);
  b.setBolt('sink', captureBolt(sink, decide, held), 2).shuffleGrouping('count');
  return b;
}

describe('acking', () => {
  it('acks every tree of spout -> split -> count -> sink exactly once, on the spout turn, with nothing failed', async () => {
    const n = 500;
    const ledger = new Ledger();
    const sink: Seen[] = [];
    const b = wordTree(ledger, n, sink, () => 'ack', []);
    const { summary } = await withRun(b.createTopology('tree'), {}, async (h) => {
      await waitFor(() => ledger.allAcked(n), 10_000, 'all sentences acked', h);
      await waitFor(() => h.run.snapshot().spoutTuples.pending === 0, 2_000, 'nothing pending', h);
      expect(h.errors).toEqual([]);
    });
    expect([...ledger.ackTally().entries()].sort((a, b) => a[0] - b[0])).toEqual(range(n).map((i) => [i, 1]));
    expect(ledger.fails).toEqual([]);
    expect(ledger.reentrant).toBe(0);
    expect(sink).toHaveLength(3 * n);
    // Every word's counts arrive as 1..k, so count's fields grouping kept each word on one task.
    const last = new Map<string, number>();
    for (const s of sink) last.set(s.values[1] as string, Math.max(last.get(s.values[1] as string) ?? 0, s.values[2] as number));
    expect(last.get('w0')).toBe(Math.ceil(n / 3));
    expect(last.get('v4')).toBe(n / 5);
    expect(summary.spoutTuples).toMatchObject({ emitted: n, acked: n, failed: 0, pending: 0 });
  });

  it('completes a tree only when its last leaf is acked, and only that tree', async () => {
    const n = 30;
    const ledger = new Ledger();
    const sink: Seen[] = [];
    const held: Array<{ bolt: Bolt; tuple: Tuple }> = [];
    const b = wordTree(ledger, n, sink, () => 'hold', held);
    await withRun(b.createTopology('tree-held'), {}, async (h) => {
      await waitFor(() => held.length === 3 * n, 10_000, 'every word held at the sink', h);
      await holdsFor(50, () => ledger.acks.length === 0 && ledger.fails.length === 0, 'no tree completes while its leaves are held', h);
      // Ack two of the three leaves of sentence 7: still pending.
      let leavesOf7 = 0;
      release(held, 'ack', (t) => t.getNumber('id') === 7 && ++leavesOf7 <= 2);
      await holdsFor(50, () => ledger.acks.length === 0, 'sentence 7 not acked with one leaf held', h);
      // The third leaf completes exactly sentence 7.
      expect(release(held, 'ack', (t) => t.getNumber('id') === 7)).toBe(1);
      await waitFor(() => ledger.acks.length === 1, 2_000, 'sentence 7 acked', h);
      expect(ledger.acks[0]!.msgId).toBe(7);
      expect(h.run.snapshot().spoutTuples.pending).toBe(n - 1);
      release(held, 'ack');
      await waitFor(() => ledger.allAcked(n), 5_000, 'all acked after release', h);
    });
    expect(ledger.acks).toHaveLength(n);
    expect(ledger.reentrant).toBe(0);
  });

  it('does not let an unanchored emit hold the tree', async () => {
    const n = 100;
    const ledger = new Ledger();
    const audit: Seen[] = [];
    const sink: Seen[] = [];
    class Tee extends Bolt {
      static outputs = { default: ['n'], audit: ['n'] };
      execute(t: Tuple): void {
        this.emit([t.getNumber('n')], { anchors: [t] });
        this.emit([t.getNumber('n')], { stream: 'audit' }); // unanchored
        this.ack(t);
      }
    }
    const b = new TopologyBuilder();
    b.setSpout('spout', numberSpout(ledger, { count: n }), 1);
    b.setBolt('tee', Tee, 2).shuffleGrouping('spout');
    b.setBolt('sink', captureBolt(sink), 1).shuffleGrouping('tee');
    b.setBolt(
      'audit',
      captureBolt(audit, () => 'none'),
      1,
    ).shuffleGrouping('tee', 'audit'); // never acks
    await withRun(b.createTopology('unanchored'), {}, async (h) => {
      await waitFor(() => ledger.allAcked(n), 10_000, 'all acked although audit never acks', h);
      await waitFor(() => audit.length === n, 2_000, 'audit got every tuple', h);
    });
    expect(ledger.acks).toHaveLength(n);
    expect(ledger.fails).toHaveLength(0);
    expect(sink).toHaveLength(n);
  });

  it('multi-anchoring: a joined tuple completes both trees only when it is acked, and failing it fails both', async () => {
    const n = 20;
    const left = new Ledger();
    const right = new Ledger();
    const joined: Seen[] = [];
    const held: Array<{ bolt: Bolt; tuple: Tuple }> = [];
    const b = new TopologyBuilder();
    b.setSpout('left', numberSpout(left, { count: n, replay: false, fields: ['key', 'side'], values: (i) => [i, `L${i}`] }), 1);
    b.setSpout('right', numberSpout(right, { count: n, replay: false, fields: ['key', 'side'], values: (i) => [i, `R${i}`] }), 1);
    b.setBolt('join', JoinBolt, 2).fieldsGrouping('left', ['key']).fieldsGrouping('right', ['key']);
    b.setBolt(
      'sink',
      captureBolt(joined, () => 'hold', held),
      1,
    ).shuffleGrouping('join');
    await withRun(b.createTopology('join'), {}, async (h) => {
      await waitFor(() => held.length === n, 10_000, 'every key joined and held', h);
      await holdsFor(50, () => left.acks.length + right.acks.length === 0, 'no side acked while the joined tuple is held', h);
      expect(release(held, 'ack', (t) => t.getNumber('key') === 4)).toBe(1);
      await waitFor(() => left.acks.length === 1 && right.acks.length === 1, 2_000, 'both roots of key 4 acked', h);
      expect([left.acks[0]!.msgId, right.acks[0]!.msgId]).toEqual([4, 4]);
      expect(release(held, 'fail', (t) => t.getNumber('key') === 9)).toBe(1);
      await waitFor(() => left.fails.length === 1 && right.fails.length === 1, 2_000, 'both roots of key 9 failed', h);
      expect([left.fails[0]!.msgId, right.fails[0]!.msgId]).toEqual([9, 9]);
      release(held, 'ack');
      await waitFor(() => left.acks.length === n - 1 && right.acks.length === n - 1, 5_000, 'the rest acked', h);
      expect(h.run.snapshot().spoutTuples.pending).toBe(0);
    });
    expect(joined.map((s) => s.values).sort((a, b) => (a[0] as number) - (b[0] as number))).toEqual(
      range(n).map((i) => [i, `L${i}`, `R${i}`]),
    );
    expect(tally(left.acks.map((a) => a.msgId)).get(9)).toBeUndefined();
    expect(left.reentrant + right.reentrant).toBe(0);
  });

  it('anchoring one emit to two tuples of the same tree keeps that tree open until the emit is acked (Storm: one edge id per anchor)', async () => {
    // sentence -> split (two words, anchored) -> pair (one tuple anchored to BOTH words) -> hold.
    // Both anchors carry the same root; Storm XORs a separate edge id per anchor, so the root keeps e1 ^ e2 until the
    // pair tuple is acked. Sharing one edge id across anchors cancels it (e ^ e = 0) and the tree completes early.
    const n = 10;
    const ledger = new Ledger();
    const held: Array<{ bolt: Bolt; tuple: Tuple }> = [];
    class TwoWords extends Bolt {
      static outputFields = ['id', 'word'];
      execute(t: Tuple): void {
        this.emit([t.getNumber('n'), 'left'], { anchors: [t] });
        this.emit([t.getNumber('n'), 'right'], { anchors: [t] });
        this.ack(t);
      }
    }
    class Pair extends Bolt {
      static outputFields = ['id'];
      readonly #first = new Map<number, Tuple>();
      execute(t: Tuple): void {
        const id = t.getNumber('id');
        const other = this.#first.get(id);
        if (other === undefined) {
          this.#first.set(id, t);
          return;
        }
        this.#first.delete(id);
        this.emit([id], { anchors: [other, t] });
        this.ack(other);
        this.ack(t);
      }
    }
    const b = new TopologyBuilder();
    b.setSpout('spout', numberSpout(ledger, { count: n, replay: false }), 1);
    b.setBolt('split', TwoWords, 1).shuffleGrouping('spout');
    b.setBolt('pair', Pair, 1).fieldsGrouping('split', ['id']);
    b.setBolt(
      'hold',
      captureBolt([], () => 'hold', held),
      1,
    ).shuffleGrouping('pair');
    await withRun(b.createTopology('same-root-anchors'), {}, async (h) => {
      await waitFor(() => held.length === n, 5_000, 'every pair held', h);
      await holdsFor(
        50,
        () => ledger.acks.length === 0,
        () => `no tree completes while its pair tuple is held (acked early: ${ledger.acks.map((a) => a.msgId).join(', ')})`,
        h,
      );
      await stopReleasing(h, held);
    });
    expect(ledger.acks).toHaveLength(n);
  });

  it('anchoring one emit to the same input twice still tracks the emit', async () => {
    const n = 10;
    const ledger = new Ledger();
    const held: Array<{ bolt: Bolt; tuple: Tuple }> = [];
    class DoubleAnchor extends Bolt {
      static outputFields = ['n'];
      execute(t: Tuple): void {
        this.emit([t.getNumber('n')], { anchors: [t, t] });
        this.ack(t);
      }
    }
    const b = new TopologyBuilder();
    b.setSpout('spout', numberSpout(ledger, { count: n, replay: false }), 1);
    b.setBolt('double', DoubleAnchor, 1).shuffleGrouping('spout');
    b.setBolt(
      'hold',
      captureBolt([], () => 'hold', held),
      1,
    ).shuffleGrouping('double');
    await withRun(b.createTopology('double-anchor'), {}, async (h) => {
      await waitFor(() => held.length === n, 5_000, 'every emit held', h);
      await holdsFor(
        50,
        () => ledger.acks.length === 0,
        () => `no tree completes while its child is held (acked early: ${ledger.acks.map((a) => a.msgId).join(', ')})`,
        h,
      );
      await stopReleasing(h, held);
    });
    expect(ledger.acks).toHaveLength(n);
  });

  it("with 'topology.acker.executors': 0 acks reliable emits at once, even if no bolt acks", async () => {
    const n = 50;
    const ledger = new Ledger();
    const sink: Seen[] = [];
    const b = new TopologyBuilder();
    b.setSpout('spout', numberSpout(ledger, { count: n }), 1);
    b.setBolt(
      'sink',
      captureBolt(sink, () => 'none'),
      1,
    ).shuffleGrouping('spout');
    const { summary } = await withRun(b.createTopology('no-ackers', { 'topology.acker.executors': 0 }), {}, async (h) => {
      await waitFor(() => ledger.allAcked(n) && sink.length === n, 5_000, 'all acked without bolt acks', h);
      expect(h.run.snapshot().spoutTuples.pending).toBe(0);
    });
    expect(ledger.acks).toHaveLength(n);
    expect(ledger.fails).toHaveLength(0);
    expect(ledger.reentrant).toBe(0);
    expect(summary.spoutTuples).toMatchObject({ acked: n, failed: 0, pending: 0 });
  });

  it('calls ack/fail on the spout turn even when a tree completes inside nextTuple (no subscribers)', async () => {
    const ledger = new Ledger();
    let inside = 0;
    class Lonely extends Spout {
      static outputFields = ['n'];
      #i = 0;
      nextTuple(): void {
        if (this.#i >= 10) return;
        inside++;
        try {
          this.emit([this.#i], { msgId: this.#i });
          this.#i++;
        } finally {
          inside--;
        }
      }
      override ack(msgId: unknown): void {
        if (inside > 0) ledger.reentrant++;
        ledger.acks.push({ msgId: msgId as number, task: this.context.taskId, at: 0 });
      }
    }
    const b = new TopologyBuilder();
    b.setSpout('lonely', Lonely, 1);
    await withRun(b.createTopology('lonely'), {}, async (h) => {
      await waitFor(() => ledger.acks.length === 10, 2_000, 'all acked', h);
    });
    expect(ledger.acks.map((a) => a.msgId)).toEqual(range(10));
    expect(ledger.reentrant).toBe(0);
  });
});

describe('explicit fail and replay', () => {
  it('fails every 10th id on first sight; the spout replays; every id ends acked exactly once', async () => {
    const n = 200;
    const ledger = new Ledger();
    const sink: Seen[] = [];
    const firstSight = new Set<number>();
    let firstTimeFailures = 0;
    class Flaky extends Bolt {
      static outputFields = ['n'];
      execute(t: Tuple): void {
        const id = t.getNumber('n');
        const first = !firstSight.has(id);
        firstSight.add(id);
        if (first && id % 10 === 0) {
          firstTimeFailures++;
          this.fail(t);
          return;
        }
        this.emit([id], { anchors: [t] });
        this.ack(t);
      }
    }
    const b = new TopologyBuilder();
    b.setSpout('spout', numberSpout(ledger, { count: n }), 1);
    b.setBolt('flaky', Flaky, 3).shuffleGrouping('spout');
    b.setBolt('sink', captureBolt(sink), 2).shuffleGrouping('flaky');
    const { summary } = await withRun(b.createTopology('replay'), {}, async (h) => {
      await waitFor(() => ledger.allAcked(n), 10_000, 'all acked after replays', h);
      await waitFor(() => h.run.snapshot().spoutTuples.pending === 0, 2_000, 'nothing pending', h);
    });
    expect(firstTimeFailures).toBe(n / 10);
    expect(ledger.fails).toHaveLength(firstTimeFailures);
    expect(ledger.fails.map((f) => f.msgId).sort((a, b) => a - b)).toEqual(range(n).filter((i) => i % 10 === 0));
    expect([...ledger.ackTally().values()].every((c) => c === 1)).toBe(true);
    expect(ledger.ackTally().size).toBe(n);
    expect(new Set(sink.map((s) => s.values[0]))).toEqual(new Set(range(n)));
    // Replayed ids were emitted twice, the rest once.
    const emits = tally(ledger.emits.map((e) => e.msgId));
    for (const i of range(n)) expect(emits.get(i), `emits of ${i}`).toBe(i % 10 === 0 ? 2 : 1);
    expect(summary.spoutTuples).toMatchObject({ emitted: n + n / 10, acked: n, failed: n / 10, pending: 0 });
    expect(summary.components['flaky']!.failed).toBe(n / 10);
    expect(ledger.reentrant).toBe(0);
  });

  it('a BasicBolt may fail its input explicitly (no auto-ack afterwards, no error)', async () => {
    const n = 30;
    const ledger = new Ledger();
    const firstSight = new Set<number>();
    class Picky extends BasicBolt {
      execute(t: Tuple): void {
        const id = t.getNumber('n');
        const first = !firstSight.has(id);
        firstSight.add(id);
        if (first && id % 3 === 0) this.fail(t);
      }
    }
    const b = new TopologyBuilder();
    b.setSpout('spout', numberSpout(ledger, { count: n }), 1);
    b.setBolt('picky', Picky, 2).shuffleGrouping('spout');
    const { summary, harness } = await withRun(b.createTopology('basic-fail'), {}, async (h) => {
      await waitFor(() => ledger.allAcked(n), 5_000, 'all acked after replays', h);
    });
    expect(harness.errors).toEqual([]);
    expect(ledger.fails.map((f) => f.msgId).sort((a, b) => a - b)).toEqual(range(n).filter((i) => i % 3 === 0));
    expect([...ledger.ackTally().values()].every((c) => c === 1)).toBe(true);
    expect(summary.components['picky']).toMatchObject({ failed: n / 3, acked: n, errors: 0 });
  });
});
