import { BasicBolt, TopologyBuilder, type Tuple } from '@twinstorm/core';
import { describe, expect, it } from 'vitest';
import { captureBolt, Ledger, now, numberSpout, tally, withRun, type Seen } from './helpers.ts';
import { waitFor } from '@twinstorm/core/testing';

describe('tick tuples', () => {
  it('delivers __system/__tick about once a second to each task of the configured bolt only', async () => {
    const ledger = new Ledger();
    const ticked: Seen[] = [];
    const plain: Seen[] = [];
    const b = new TopologyBuilder();
    b.setSpout('spout', numberSpout(ledger, { count: 20 }), 1);
    b.setBolt('ticked', captureBolt(ticked), 2).shuffleGrouping('spout').addConfiguration('topology.tick.tuple.freq.secs', 1);
    b.setBolt('plain', captureBolt(plain), 2).shuffleGrouping('spout');
    let startedAt = 0;
    let elapsedSecs = 0;
    const { summary } = await withRun(b.createTopology('ticks'), {}, async (h) => {
      startedAt = now();
      await waitFor(() => ledger.allAcked(20), 2_000, 'the spout tuples acked', h);
      const tasksWithTwoTicks = (): number =>
        [...tally(ticked.filter((s) => s.tick).map((s) => s.taskId)).values()].filter((c) => c >= 2).length;
      await waitFor(() => tasksWithTwoTicks() === 2, 3_500, 'two ticks on each task', h);
      elapsedSecs = (now() - startedAt) / 1000;
    });
    const ticks = ticked.filter((s) => s.tick);
    for (const t of ticks) {
      expect(t.source).toBe('__system');
      expect(t.stream).toBe('__tick');
      expect(t.sourceTask).toBe(-1);
      expect(t.values).toEqual([1]);
    }
    const byTask = new Map<number, Seen[]>();
    for (const t of ticks) byTask.set(t.taskId, [...(byTask.get(t.taskId) ?? []), t]);
    expect(byTask.size).toBe(2);
    for (const [task, list] of byTask) {
      // About one per second: at least 2 within ~2-3 s, and never more than one per elapsed second (+1 slack).
      expect(list.length, `ticks of task ${task}`).toBeGreaterThanOrEqual(2);
      expect(list.length, `ticks of task ${task}`).toBeLessThanOrEqual(Math.floor(elapsedSecs) + 2);
      for (let i = 1; i < list.length; i++) {
        const gap = list[i]!.at - list[i - 1]!.at;
        expect(gap, `gap between ticks of task ${task}`).toBeGreaterThan(700);
        expect(gap, `gap between ticks of task ${task}`).toBeLessThan(1500);
      }
      expect(list[0]!.at - startedAt).toBeLessThan(1500);
    }
    expect(plain.filter((s) => s.tick)).toEqual([]);
    expect(plain).toHaveLength(20);
    // The user's ack of a tick tuple is fine (it belongs to no tree).
    expect(summary.components['ticked']!.errors).toBe(0);
    expect(summary.components['ticked']!.acked).toBe(20 + ticks.length);
  });

  it('auto-acks tick tuples in a BasicBolt without errors', async () => {
    const ledger = new Ledger();
    const seenTicks: string[] = [];
    class TickCounter extends BasicBolt {
      execute(t: Tuple): void {
        if (t.isTick()) seenTicks.push(`${t.sourceComponent}/${t.sourceStream}`);
      }
    }
    const b = new TopologyBuilder();
    b.setSpout('spout', numberSpout(ledger, { count: 5 }), 1);
    b.setBolt('basic', TickCounter, 1).shuffleGrouping('spout').addConfiguration('topology.tick.tuple.freq.secs', 1);
    const { summary, harness } = await withRun(b.createTopology('basic-ticks'), {}, async (h) => {
      await waitFor(() => seenTicks.length >= 2, 3_500, 'two ticks', h);
    });
    expect(new Set(seenTicks)).toEqual(new Set(['__system/__tick']));
    expect(harness.errors).toEqual([]);
    const m = summary.components['basic']!;
    expect(m.errors).toBe(0);
    expect(m.failed).toBe(0);
    expect(m.acked).toBe(m.executed);
    expect(m.acked).toBeGreaterThanOrEqual(5 + 2);
    expect(ledger.acks).toHaveLength(5);
  });
});
