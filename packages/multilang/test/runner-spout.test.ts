// The harness suite for spouts: `twinstorm component` driven as Storm's ShellSpout drives a child.
import { describe, expect, it } from 'vitest';
import { startComponent } from './support/runner.ts';

describe('twinstorm component (spout) under the fake Storm', () => {
  it('many emits per next, on several streams, with msgIds; sync ends every request', async () => {
    const storm = await startComponent('spout-batches.ts', 'batches');
    try {
      await storm.activate();
      const first = await storm.next();
      expect(first.emits.map((e) => [e.stream, e.tuple, e.id])).toEqual([
        ['default', [0], 'm0'],
        ['side', [0, 'even'], undefined],
        ['default', [1], 'm1'],
        ['default', [2], 'm2'],
        ['side', [2, 'even'], undefined],
        ['default', [3], 'm3'],
        ['default', [4], 'm4'],
        ['side', [4, 'even'], undefined],
      ]);
      for (let i = 0; i < 6; i++) await storm.next(); // 20 in all, then idle rounds that emit nothing
      const ids = storm.emits.filter((e) => e.stream === 'default').map((e) => e.id);
      expect(ids).toEqual(Array.from({ length: 20 }, (_, n) => `m${n}`));
      const idle = await storm.next();
      expect(idle.emits).toEqual([]);
      await storm.stop();
    } finally {
      await storm.dispose();
    }
  });

  it('ack and fail round trip to the spout with the msgId it emitted', async () => {
    const storm = await startComponent('spout-batches.ts', 'batches');
    try {
      await storm.activate();
      await storm.next();
      await storm.ackSpout('m1');
      await storm.failSpout('m3');
      await storm.ackSpout('m0');
      const logs = storm.logs.map((l) => l.msg);
      expect(logs).toEqual(expect.arrayContaining(['activated', 'acked m1', 'failed m3', 'acked m0']));
      expect(logs.indexOf('acked m1')).toBeLessThan(logs.indexOf('failed m3'));
      expect(storm.logs.find((l) => l.msg === 'failed m3')?.level).toBe(3);
      await storm.stop();
    } finally {
      await storm.dispose();
    }
  });

  it('deactivate and activate again: each answered with sync, nothing emitted in between', async () => {
    const storm = await startComponent('spout-batches.ts', 'batches');
    try {
      await storm.activate();
      await storm.next();
      const before = storm.counts.emits;
      const d = await storm.deactivate();
      expect(d.emits).toEqual([]);
      expect(storm.counts.emits).toBe(before);
      await storm.activate();
      expect((await storm.next()).emits.length).toBeGreaterThan(0);
      expect(storm.logs.map((l) => l.msg).filter((m) => m.endsWith('activated'))).toEqual(['activated', 'deactivated', 'activated']);
      await storm.stop();
    } finally {
      await storm.dispose();
    }
  });

  it('answers a long run of requests without ever writing outside one', async () => {
    const storm = await startComponent('spout-batches.ts', 'batches', { clusterConf: {} });
    try {
      await storm.activate();
      for (let i = 0; i < 300; i++) {
        const r = await storm.next();
        for (const e of r.emits) if (e.id !== undefined) await storm.ackSpout(e.id);
      }
      expect(storm.logs.filter((l) => l.msg.startsWith('acked'))).toHaveLength(20);
      await storm.stop();
    } finally {
      await storm.dispose();
    }
  });
});
