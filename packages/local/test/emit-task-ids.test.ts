import { Bolt, TopologyBuilder, type Tuple } from '@twinstorm/core';
import { describe, expect, it } from 'vitest';
import { captureBolt, codeOf, Ledger, numberSpout, range, withRun, type Seen } from './helpers.ts';
import { waitFor } from '@twinstorm/core/testing';

describe('emitWithTaskIds', () => {
  it('resolves with the task ids each copy went to, for every grouping of every subscriber', async () => {
    const n = 50;
    const ledger = new Ledger();
    const reported: Array<{ n: number; ids: readonly number[] }> = [];
    const fanned: Seen[] = [];
    const keyed: Seen[] = [];
    class Relay extends Bolt {
      static readonly outputs = { default: ['n'] };
      async execute(tuple: Tuple): Promise<void> {
        const ids = await this.emitWithTaskIds([tuple.values[0]], { anchors: [tuple] });
        reported.push({ n: tuple.values[0] as number, ids });
        this.ack(tuple);
      }
    }
    const b = new TopologyBuilder();
    b.setSpout('spout', numberSpout(ledger, { count: n }), 1);
    b.setBolt('relay', Relay, 1).shuffleGrouping('spout');
    b.setBolt('fanned', captureBolt(fanned), 2).allGrouping('relay');
    b.setBolt('keyed', captureBolt(keyed), 3).fieldsGrouping('relay', ['n']);
    await withRun(b.createTopology('task-ids'), {}, async (h) => {
      await waitFor(() => ledger.allAcked(n), 10_000, 'all ids acked', h);
    });
    expect(reported.map((r) => r.n).sort((a, b) => a - b)).toEqual(range(n));
    for (const { n: value, ids } of reported) {
      const got = [...fanned, ...keyed].filter((s) => s.values[0] === value).map((s) => s.taskId);
      expect(
        [...ids].sort((a, b) => a - b),
        `task ids of ${value}`,
      ).toEqual(got.sort((a, b) => a - b));
      expect(ids).toHaveLength(3);
    }
  });

  it('rejects (instead of throwing) on an undeclared stream', async () => {
    const ledger = new Ledger();
    const codes: Array<string | undefined> = [];
    class Wrong extends Bolt {
      static readonly outputs = { default: ['n'] };
      async execute(tuple: Tuple): Promise<void> {
        await this.emitWithTaskIds([1], { stream: 'nope', anchors: [tuple] }).catch((e: unknown) => codes.push(codeOf(e)));
        this.ack(tuple);
      }
    }
    const b = new TopologyBuilder();
    b.setSpout('spout', numberSpout(ledger, { count: 3 }), 1);
    b.setBolt('wrong', Wrong, 1).shuffleGrouping('spout');
    await withRun(b.createTopology('task-ids-wrong'), {}, async (h) => {
      await waitFor(() => ledger.allAcked(3), 10_000, 'all ids acked', h);
    });
    expect(codes).toEqual(['E_UNDECLARED_STREAM', 'E_UNDECLARED_STREAM', 'E_UNDECLARED_STREAM']);
  });
});
