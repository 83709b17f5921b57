import { BasicBolt, Spout, TopologyBuilder } from '@twinstorm/core';
import { describe, expect, it } from 'vitest';
import { placeTasks } from './placement.ts';

class S extends Spout {
  static outputFields = ['w'];
  nextTuple(): void {}
}
class B extends BasicBolt {
  static outputFields = ['w'];
  execute(): void {}
}

/** sentences (1) -> split (2) -> count (2); Storm's task ids: __acker 1, count 2-3, sentences 4, split 5-6. */
function wordCount(split = {}, count = {}): TopologyBuilder {
  const b = new TopologyBuilder();
  b.setSpout('sentences', S, 1);
  const s = b.setBolt('split', B, 2).shuffleGrouping('sentences');
  for (const [k, v] of Object.entries(split)) s.addConfiguration(k, v as number);
  const c = b.setBolt('count', B, 2).fieldsGrouping('split', ['w']);
  for (const [k, v] of Object.entries(count)) c.addConfiguration(k, v as number);
  return b;
}

describe('placement', () => {
  it('fuses a topology of light tasks on one thread, whatever the workers', () => {
    const p = placeTasks(wordCount().createTopology('wc').spec, 4);
    expect(p.threads).toBe(1);
    expect(p.tasksOf).toEqual([[2, 3, 4, 5, 6]]);
    expect(p.reason).toMatch(/fused on one thread/);
  });

  it('spreads heavy tasks one per thread, and adds light ones where the load is lowest', () => {
    const spec = wordCount({ 'topology.component.cpu.pcore.percent': 100 }).createTopology('wc').spec;
    const p = placeTasks(spec, 2);
    expect(p.threads).toBe(2);
    // split 5 and 6 first (heavy), then the light ones in component order: sentences 4, count 2, count 3.
    expect(p.threadOf[5]).toBe(0);
    expect(p.threadOf[6]).toBe(1);
    expect(p.threadOf[4]).toBe(0);
    expect(p.tasksOf.map((t) => t.length).sort()).toEqual([2, 3]);
    expect(p.reason).toMatch(/2 heavy tasks .* spread over 2 worker threads/);
  });

  it('never uses more threads than heavy tasks, and a topology-wide load makes every task heavy', () => {
    const one = wordCount({ 'topology.component.cpu.pcore.percent': 100 }).createTopology('wc').spec;
    expect(placeTasks(one, 8).threads).toBe(2);
    const all = wordCount().createTopology('wc', { 'topology.component.cpu.pcore.percent': 100 }).spec;
    const p = placeTasks(all, 8);
    expect(p.threads).toBe(5);
    expect(p.tasksOf.every((t) => t.length === 1)).toBe(true);
  });
});
