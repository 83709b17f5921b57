// Strict mode in this thread, beyond what modes-strict.test.ts covers in both modes: spout emits, emitDirect, fields
// grouping on round-tripped values, what the receiver gets by identity, and how the switch is read.
import { Bolt, Spout, TopologyBuilder, type Tuple } from '@twinstorm/core';
import { fieldsGroupingIndex } from '@twinstorm/core/runtime';
import { describe, expect, it } from 'vitest';
import { runLocal } from '../src/index.ts';
import { captureBolt, codeOf, Ledger, withRun, type Seen } from './helpers.ts';
import { waitFor } from '@twinstorm/core/testing';

/** A spout emitting `values(i)` for i in 0..count-1 with msgId i, recording acks and fails. */
function listSpout(ledger: Ledger, count: number, values: (i: number) => unknown[]) {
  return class ListSpout extends Spout {
    static outputFields = ['n', 'v'];
    #i = 0;
    nextTuple(): void {
      if (this.#i >= count) return;
      const id = this.#i++;
      this.emit(values(id), { msgId: id });
    }
    override ack(msgId: unknown): void {
      ledger.acks.push({ msgId: msgId as number, task: this.context.taskId, at: 0 });
    }
    override fail(msgId: unknown): void {
      ledger.fails.push({ msgId: msgId as number, task: this.context.taskId, at: 0 });
    }
  };
}

describe('strict mode (in this thread)', () => {
  it('a spout emit Storm would change throws in nextTuple, is reported naming the spout, and leaves nothing pending', async () => {
    const ledger = new Ledger();
    const sink: Seen[] = [];
    const b = new TopologyBuilder();
    b.setSpout(
      'dates',
      listSpout(ledger, 4, (i) => [i, i === 2 ? { when: new Date(0) } : `d${i}`]),
      1,
    );
    b.setBolt('sink', captureBolt(sink), 1).shuffleGrouping('dates');
    const { summary, harness } = await withRun(b.createTopology('strict-spout'), { strict: true }, async (h) => {
      await waitFor(() => ledger.acks.length === 3, 5_000, 'the good ids acked', h);
    });
    expect(harness.errors.map((e) => codeOf(e.error))).toEqual(['E_STRICT_VALUE']);
    expect(harness.errors[0]!.message).toMatch(
      /^component "dates", task \d+, stream "default", field "v": strict mode: values\[1\]\.when is a Date: JSON writes its ISO string/,
    );
    expect(sink.map((s) => s.values[0])).toEqual([0, 1, 3]);
    expect(summary.spoutTuples.pending).toBe(0);
    expect(ledger.fails).toEqual([]);
  });

  it('receivers get a copy (frozen), not the emitted array; emitDirect is strict too', async () => {
    const sink: Seen[] = [];
    const emitted: unknown[][] = [];
    class Director extends Bolt {
      static outputs = { direct: { fields: ['n', 'v'], direct: true } };
      execute(t: Tuple): void {
        const n = t.getNumber('n');
        const values = [n, n === 1 ? Number.POSITIVE_INFINITY : { n }];
        emitted.push(values);
        this.emitDirect(this.context.componentTasks('sink')[0]!, values, { stream: 'direct', anchors: [t] });
        this.ack(t);
      }
    }
    const ledger = new Ledger();
    const b = new TopologyBuilder();
    b.setSpout(
      'numbers',
      listSpout(ledger, 3, (i) => [i, i]),
      1,
    );
    b.setBolt('director', Director, 1).shuffleGrouping('numbers');
    b.setBolt('sink', captureBolt(sink), 1).directGrouping('director', 'direct');
    const { harness } = await withRun(b.createTopology('strict-direct'), { strict: true }, async (h) => {
      await waitFor(() => ledger.acks.length + ledger.fails.length === 3, 5_000, 'every id done', h);
    });
    expect(harness.errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/component "director", task \d+, stream "direct", field "v": strict mode: values\[1\] is Infinity/),
    ]);
    expect(ledger.fails.map((f) => f.msgId)).toEqual([1]);
    expect(sink.map((s) => s.values)).toEqual([
      [0, { n: 0 }],
      [2, { n: 2 }],
    ]);
    expect(sink[0]!.values).not.toBe(emitted[0]);
    expect(Object.isFrozen(sink[0]!.values[1])).toBe(true);
    expect(Object.isFrozen(emitted[0]![1])).toBe(true);
    expect(Object.isFrozen(emitted[1])).toBe(false); // refused: not frozen, nothing was sent
  });

  it('fields grouping on bigints and nested values picks the task Storm picks', async () => {
    const ledger = new Ledger();
    const sink: Seen[] = [];
    const keys: unknown[] = [2n ** 60n + 1n, 5n, -(2n ** 70n), { a: [1, 2n ** 64n] }, 'x', 0.30000000000000004];
    const b = new TopologyBuilder();
    b.setSpout(
      'keys',
      listSpout(ledger, keys.length, (i) => [i, keys[i]]),
      1,
    );
    b.setBolt('sink', captureBolt(sink), 3).fieldsGrouping('keys', ['v']);
    const { harness } = await withRun(b.createTopology('strict-fields'), { strict: true }, async (h) => {
      await waitFor(() => ledger.acks.length === keys.length, 5_000, 'every key acked', h);
    });
    expect(harness.errors).toEqual([]);
    for (const s of sink) {
      const key = keys[s.values[0] as number];
      expect(s.values[1]).toEqual(typeof key === 'bigint' && key === 5n ? 5 : key);
      expect(s.taskIndex, String(s.values[0])).toBe(fieldsGroupingIndex([key], 3));
    }
  });

  it('the run option wins over the conf key; a conf value that is not a boolean is E_INVALID_CONF', async () => {
    const ledger = new Ledger();
    const sink: Seen[] = [];
    const b = new TopologyBuilder();
    b.setSpout(
      'nan',
      listSpout(ledger, 1, (i) => [i, Number.NaN]),
      1,
    );
    b.setBolt('sink', captureBolt(sink), 1).shuffleGrouping('nan');
    const topology = b.createTopology('strict-switch', { 'twinstorm.local.strict': true });
    const { harness } = await withRun(topology, { strict: false }, async (h) => {
      await waitFor(() => ledger.acks.length === 1, 5_000, 'the NaN acked', h);
    });
    expect(harness.errors).toEqual([]);
    expect(sink[0]!.values[1]).toBeNaN();
    const key: string = 'twinstorm.local.strict'; // typed as a boolean in KnownConf: a user's untyped conf
    expect(() => runLocal(topology, { conf: { [key]: 'yes' } })).toThrow(
      /conf "twinstorm\.local\.strict" must be true or false, got "yes"/,
    );
  });
});
