import { Bolt, Spout, TopologyBuilder, type Tuple } from '@twinstorm/core';
import { fieldsGroupingIndex } from '@twinstorm/core/runtime';
import { describe, expect, it } from 'vitest';
import { captureBolt, codeOf, firstNumbers, Ledger, numberSpout, range, tally, withRun, type Seen } from './helpers.ts';
import { waitFor } from '@twinstorm/core/testing';

describe('groupings', () => {
  it('shuffle spreads evenly over 4 tasks and delivers every tuple exactly once', async () => {
    const n = 400;
    const ledger = new Ledger();
    const seen: Seen[] = [];
    const b = new TopologyBuilder();
    b.setSpout('spout', numberSpout(ledger, { count: n }), 1);
    b.setBolt('sink', captureBolt(seen), 4).shuffleGrouping('spout');
    await withRun(b.createTopology('shuffle'), {}, async (h) => {
      await waitFor(() => ledger.allAcked(n), 10_000, 'all ids acked', h);
    });
    expect([...tally(firstNumbers(seen)).entries()].sort((a, b) => a[0] - b[0])).toEqual(range(n).map((i) => [i, 1]));
    const perTask = tally(seen.map((s) => s.taskId));
    expect(perTask.size).toBe(4);
    for (const [task, count] of perTask) {
      expect(Math.abs(count - n / 4), `task ${task} got ${count} of ${n}`).toBeLessThanOrEqual(n / 20);
    }
  });

  it('fields grouping sends equal keys to one task, at the task index Storm picks', async () => {
    // Keys of every kind Storm hashes differently: String, Integer, Long, Double, Boolean, null.
    const keys: unknown[] = [
      ...range(30).map((i) => `user-${i}`),
      ...range(10).map((i) => i * 7 - 20),
      ...range(5).map((i) => (i + 1) * 10_000_000_000),
      0.5,
      -3.25,
      true,
      false,
      null,
      'ünïcödé-😀',
    ];
    const ledger = new Ledger();
    const seen: Seen[] = [];
    const taskIds: number[][] = [];
    const Capture = captureBolt(seen);
    class KeyBolt extends Capture {
      override prepare(): void {
        taskIds.push([...this.context.componentTasks('sink')]);
      }
    }
    const n = keys.length * 4;
    const b = new TopologyBuilder();
    b.setSpout('spout', numberSpout(ledger, { count: n, fields: ['id', 'key'], values: (id) => [id, keys[id % keys.length]] }), 1);
    b.setBolt('sink', KeyBolt, 4).fieldsGrouping('spout', ['key']);
    await withRun(b.createTopology('fields'), {}, async (h) => {
      await waitFor(() => ledger.allAcked(n), 10_000, 'all ids acked', h);
    });
    expect(seen).toHaveLength(n);
    const sinkTasks = taskIds[0]!;
    expect(sinkTasks).toHaveLength(4);
    const byKey = new Map<string, Set<number>>();
    for (const s of seen) {
      const key = s.values[1];
      const k = JSON.stringify(key);
      byKey.set(k, (byKey.get(k) ?? new Set()).add(s.taskIndex));
      const expected = fieldsGroupingIndex([key], 4);
      expect(s.taskIndex, `key ${k}`).toBe(expected);
      expect(s.taskId, `key ${k}`).toBe(sinkTasks[expected]);
    }
    for (const [k, indexes] of byKey) expect(indexes.size, `key ${k} went to ${[...indexes].join(',')}`).toBe(1);
    // Sanity: the keys really do spread, so a grouping that sends everything to one task would fail above.
    expect(new Set(seen.map((s) => s.taskIndex)).size).toBeGreaterThan(1);
  });

  it('multi-field grouping hashes the grouping fields in grouping order, not stream order', async () => {
    const ledger = new Ledger();
    const seen: Seen[] = [];
    const n = 300;
    const row = (id: number): unknown[] => [`a${id % 5}`, id, id % 7];
    const b = new TopologyBuilder();
    b.setSpout('spout', numberSpout(ledger, { count: n, fields: ['a', 'b', 'c'], values: row }), 1);
    // 4 tasks, not 3: 31 ≡ 1 (mod 3) would make the hash order-insensitive.
    b.setBolt('sink', captureBolt(seen), 4).fieldsGrouping('spout', ['c', 'a']);
    await withRun(b.createTopology('multi-fields'), {}, async (h) => {
      await waitFor(() => ledger.allAcked(n), 10_000, 'all ids acked', h);
    });
    expect(seen).toHaveLength(n);
    const byPair = new Map<string, Set<number>>();
    for (const s of seen) {
      const [a, , c] = s.values;
      expect(s.taskIndex, `[c=${String(c)}, a=${String(a)}]`).toBe(fieldsGroupingIndex([c, a], 4));
      const k = `${String(c)}|${String(a)}`;
      byPair.set(k, (byPair.get(k) ?? new Set()).add(s.taskId));
    }
    expect(byPair.size).toBe(35);
    for (const [k, tasks] of byPair) expect(tasks.size, k).toBe(1);
    // The order matters: for at least one pair, [a, c] would pick another task than [c, a].
    const differs = [...byPair.keys()].some((k) => {
      const [c, a] = k.split('|');
      return fieldsGroupingIndex([Number(c), a], 4) !== fieldsGroupingIndex([a, Number(c)], 4);
    });
    expect(differs).toBe(true);
  });

  it('all grouping gives every task every tuple, and the tree completes only when every copy is acked', async () => {
    const n = 50;
    const ledger = new Ledger();
    const seen: Seen[] = [];
    const b = new TopologyBuilder();
    b.setSpout('spout', numberSpout(ledger, { count: n }), 1);
    b.setBolt('sink', captureBolt(seen), 3).allGrouping('spout');
    const seenAll: Seen[] = [];
    const heldAll: Array<{ bolt: Bolt; tuple: Tuple }> = [];
    let lastTask = -1;
    // The task with the highest id holds its copies; the other two ack at once.
    const Sink = captureBolt(seenAll, () => 'hold', heldAll);
    class PartlyHolding extends Sink {
      override prepare(): void {
        lastTask = Math.max(lastTask, this.context.taskId);
      }
      override execute(t: Tuple): void {
        super.execute(t);
        if (this.context.taskId !== lastTask) {
          const mine = heldAll.pop()!;
          mine.bolt.ack(mine.tuple);
        }
      }
    }
    b.setBolt('partial', PartlyHolding, 3).allGrouping('spout');
    await withRun(b.createTopology('all'), {}, async (h) => {
      await waitFor(() => seenAll.length === 3 * n && seen.length === 3 * n, 10_000, 'every task saw every tuple', h);
      expect(ledger.acks).toHaveLength(0);
      expect(heldAll).toHaveLength(n);
      for (const x of heldAll.splice(0)) x.bolt.ack(x.tuple);
      await waitFor(() => ledger.allAcked(n), 10_000, 'all ids acked after the held copies', h);
    });
    for (const list of [seen, seenAll]) {
      const byTask = new Map<number, number[]>();
      for (const s of list) byTask.set(s.taskId, [...(byTask.get(s.taskId) ?? []), s.values[0] as number]);
      expect(byTask.size).toBe(3);
      for (const ids of byTask.values()) expect([...ids].sort((a, b) => a - b)).toEqual(range(n));
    }
    expect(ledger.acks).toHaveLength(n);
    expect(ledger.fails).toHaveLength(0);
  });

  it('global grouping sends everything to the lowest task id', async () => {
    const n = 60;
    const ledger = new Ledger();
    const seen: Array<Seen & { lowest: number }> = [];
    const plain: Seen[] = [];
    const Capture = captureBolt(plain);
    class GlobalSink extends Capture {
      override execute(t: Tuple): void {
        super.execute(t);
        seen.push({ ...plain[plain.length - 1]!, lowest: Math.min(...this.context.componentTasks('sink')) });
      }
    }
    const b = new TopologyBuilder();
    b.setSpout('spout', numberSpout(ledger, { count: n }), 2);
    b.setBolt('sink', GlobalSink, 4).globalGrouping('spout');
    await withRun(b.createTopology('global'), {}, async (h) => {
      await waitFor(() => ledger.allAcked(n), 10_000, 'all ids acked', h);
    });
    expect(seen).toHaveLength(n);
    for (const s of seen) expect(s.taskId).toBe(s.lowest);
    expect(new Set(seen.map((s) => s.taskIndex))).toEqual(new Set([0]));
    expect(new Set(seen.map((s) => s.sourceTask)).size).toBe(2);
  });

  it('none and localOrShuffle deliver each tuple exactly once, spread over the tasks', async () => {
    const n = 300;
    const ledger = new Ledger();
    const none: Seen[] = [];
    const local: Seen[] = [];
    const b = new TopologyBuilder();
    b.setSpout('spout', numberSpout(ledger, { count: n }), 1);
    b.setBolt('none', captureBolt(none), 3).noneGrouping('spout');
    b.setBolt('local', captureBolt(local), 3).localOrShuffleGrouping('spout');
    await withRun(b.createTopology('none-local'), {}, async (h) => {
      await waitFor(() => ledger.allAcked(n), 10_000, 'all ids acked', h);
    });
    for (const [name, list] of [
      ['none', none],
      ['localOrShuffle', local],
    ] as const) {
      expect(
        [...firstNumbers(list)].sort((a, b) => a - b),
        name,
      ).toEqual(range(n));
      const perTask = tally(list.map((s) => s.taskId));
      expect(perTask.size, name).toBe(3);
      for (const c of perTask.values()) expect(c, name).toBeGreaterThanOrEqual(n / 6);
    }
    expect(ledger.acks).toHaveLength(n);
  });

  it('direct grouping delivers emitDirect to the chosen task of a direct stream', async () => {
    const n = 90;
    const ledger = new Ledger();
    const seen: Seen[] = [];
    const chosen = new Map<number, number>();
    class DirectSpout extends Spout {
      static outputs = { default: { fields: ['n'], direct: true } };
      #i = 0;
      nextTuple(): void {
        if (this.#i >= n) return;
        const id = this.#i++;
        const targets = this.context.componentTasks('sink');
        // Not round-robin: a skewed choice, so shuffle-like delivery cannot pass by accident.
        const task = targets[id % 5 === 0 ? 2 : id % 2]!;
        chosen.set(id, task);
        this.emitDirect(task, [id], { msgId: id });
      }
      override ack(msgId: unknown): void {
        ledger.acks.push({ msgId: msgId as number, task: this.context.taskId, at: 0 });
      }
      override fail(msgId: unknown): void {
        ledger.fails.push({ msgId: msgId as number, task: this.context.taskId, at: 0 });
      }
    }
    const b = new TopologyBuilder();
    b.setSpout('spout', DirectSpout, 1);
    b.setBolt('sink', captureBolt(seen), 3).directGrouping('spout');
    await withRun(b.createTopology('direct'), {}, async (h) => {
      await waitFor(() => ledger.allAcked(n), 10_000, 'all ids acked', h);
      expect(h.errors).toEqual([]);
    });
    expect(seen).toHaveLength(n);
    for (const s of seen) expect(s.taskId, `id ${String(s.values[0])}`).toBe(chosen.get(s.values[0] as number));
    expect(new Set(seen.map((s) => s.taskIndex))).toEqual(new Set([0, 1, 2]));
  });

  it('emitDirect to a task that is not subscribed is dropped as in Storm (warned once), and a plain emit on a direct stream fails with E_INVALID_DIRECT_EMIT', async () => {
    const n = 20;
    const ledger = new Ledger();
    const seen: Seen[] = [];
    const routerTask = { value: -1 };
    class Router extends Bolt {
      static outputs = { routed: { fields: ['n'], direct: true } };
      execute(t: Tuple): void {
        const id = t.getNumber('n');
        const targets = this.context.componentTasks('sink');
        routerTask.value = this.context.taskId;
        if (id === 3)
          this.emitDirect(this.context.taskId, [id], { stream: 'routed', anchors: [t] }); // itself: not subscribed
        else if (id === 4) this.emit([id], { stream: 'routed', anchors: [t] });
        else this.emitDirect(targets[0]!, [id], { stream: 'routed', anchors: [t] });
        this.ack(t);
      }
    }
    const b = new TopologyBuilder();
    b.setSpout('spout', numberSpout(ledger, { count: n, replay: false }), 1);
    b.setBolt('router', Router, 1).shuffleGrouping('spout');
    b.setBolt('sink', captureBolt(seen), 2).directGrouping('router', 'routed');
    const { summary, harness } = await withRun(b.createTopology('direct-bad'), {}, async (h) => {
      await waitFor(() => ledger.acks.length + ledger.fails.length === n, 10_000, 'every id acked or failed', h);
    });
    expect(firstNumbers(seen).sort((a, b) => a - b)).toEqual(range(n).filter((i) => i !== 3 && i !== 4));
    // Id 3's only copy went nowhere, so its tree completes when the router acks; id 4's plain emit threw and failed it.
    expect(ledger.fails.map((f) => f.msgId)).toEqual([4]);
    expect(ledger.acks.map((a) => a.msgId)).toContain(3);
    const warnings = harness.logs.filter((l) => l.level === 'warn');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.message).toContain(`to task ${routerTask.value}, which does not subscribe`);
    const errors = harness.errors;
    expect(errors.map((e) => codeOf(e.error))).toEqual(['E_INVALID_DIRECT_EMIT']);
    for (const e of errors) {
      expect(e.component).toBe('router');
      expect(e.message).toContain('component "router"');
      expect(e.message).toContain(`task ${e.task}`);
      expect(e.message).toContain('stream "routed"');
    }
    expect(summary.components['router']!.errors).toBe(1);
  });

  it('named streams reach only the subscribers of that stream', async () => {
    const n = 40;
    const ledger = new Ledger();
    class TwoStreams extends Spout {
      static outputs = { default: ['n'], evens: ['n'] };
      #i = 0;
      nextTuple(): void {
        if (this.#i >= n) return;
        const id = this.#i++;
        this.emit([id], { msgId: id });
        if (id % 2 === 0) this.emit([id], { stream: 'evens', msgId: 1000 + id });
      }
      override ack(msgId: unknown): void {
        ledger.acks.push({ msgId: msgId as number, task: this.context.taskId, at: 0 });
      }
    }
    const all: Seen[] = [];
    const evens: Seen[] = [];
    const both: Seen[] = [];
    const b = new TopologyBuilder();
    b.setSpout('spout', TwoStreams, 1);
    b.setBolt('all', captureBolt(all), 2).shuffleGrouping('spout');
    b.setBolt('evens', captureBolt(evens), 2).shuffleGrouping('spout', 'evens');
    b.setBolt('both', captureBolt(both), 1).shuffleGrouping('spout').globalGrouping('spout', 'evens');
    await withRun(b.createTopology('streams'), {}, async (h) => {
      await waitFor(() => ledger.acks.length === n + n / 2, 10_000, 'all trees acked', h);
    });
    expect(firstNumbers(all).sort((a, b) => a - b)).toEqual(range(n));
    expect(new Set(all.map((s) => s.stream))).toEqual(new Set(['default']));
    expect(firstNumbers(evens).sort((a, b) => a - b)).toEqual(range(n).filter((i) => i % 2 === 0));
    expect(new Set(evens.map((s) => s.stream))).toEqual(new Set(['evens']));
    expect(both.filter((s) => s.stream === 'default')).toHaveLength(n);
    expect(both.filter((s) => s.stream === 'evens')).toHaveLength(n / 2);
  });
});
