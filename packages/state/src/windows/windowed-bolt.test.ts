import { Spout, TopologyBuilder } from '@twinstorm/core';
import { BoltDriver } from '@twinstorm/testkit';
import { describe, expect, it } from 'vitest';
import { WindowedBolt, windowConf, type TupleWindow, type WindowOptions } from '../index.ts';

/** Records every window it is handed, as ids. */
class Recorder extends WindowedBolt {
  static outputs = { default: ['n'], late: ['id', 'ts'] };
  windows: Array<{ all: unknown[]; fresh: unknown[]; expired: unknown[]; start: number; end: number }> = [];
  execute(window: TupleWindow): void {
    const ids = (ts: readonly { values: readonly unknown[] }[]) => ts.map((t) => t.values[0]);
    this.windows.push({
      all: ids(window.get()),
      fresh: ids(window.getNew()),
      expired: ids(window.getExpired()),
      start: window.getStartTimestamp(),
      end: window.getEndTimestamp(),
    });
    this.emit([window.get().length]);
  }
}

const drive = (options: WindowOptions) => BoltDriver.start(Recorder, { conf: windowConf(options), componentId: 'w' });
const EVENT = { fields: ['id', 'ts'] };

describe('WindowedBolt', () => {
  it('tumbling by count: every 3 tuples, each acked when its window has run', async () => {
    const d = await drive({ length: { count: 3 } });
    for (let i = 1; i <= 7; i++) await d.send([i, 0], EVENT);
    expect(d.bolt.windows.map((w) => w.all)).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(d.bolt.windows[1]!.expired).toEqual([1, 2, 3]);
    expect(d.acked.map((t) => t.values[0])).toEqual([1, 2, 3, 4, 5, 6]);
    expect(
      d.emitted[0]!.anchors.map((t) => t.values[0]),
      'emits anchored to the window',
    ).toEqual([1, 2, 3]);
  });

  it('sliding by count: length 4, slide 2', async () => {
    const d = await drive({ length: { count: 4 }, slide: { count: 2 } });
    for (let i = 1; i <= 6; i++) await d.send([i, 0], EVENT);
    expect(d.bolt.windows.map((w) => [w.all, w.fresh, w.expired])).toEqual([
      [[1, 2], [1, 2], []],
      [[1, 2, 3, 4], [3, 4], []],
      [
        [3, 4, 5, 6],
        [5, 6],
        [1, 2],
      ],
    ]);
    expect(d.acked.map((t) => t.values[0])).toEqual([1, 2, 3, 4]);
  });

  it('tumbling and sliding by duration on the task clock', async () => {
    const d = await drive({ length: { ms: 1000 }, slide: { ms: 500 } });
    await d.send([1, 0], EVENT);
    await d.advance(400);
    await d.send([2, 0], EVENT);
    await d.advance(100); // t=500: window (−500, 500] holds 1 (t=0) and 2 (t=400)
    await d.send([3, 0], EVENT); // arrives at t=500
    await d.advance(500); // t=1000: (0, 1000] holds 2 and 3; 1 expired
    await d.advance(500); // t=1500: (500, 1500] is empty; 2 and 3 expired
    await d.advance(500); // t=2000: nothing in, nothing out: no execute
    expect(d.bolt.windows.map((w) => [w.all, w.expired])).toEqual([
      [[1, 2], []],
      [[2, 3], [1]],
      [[], [2, 3]],
    ]);
    expect(d.bolt.windows.map((w) => w.end - w.start)).toEqual([1000, 1000, 1000]);
    expect(d.acked.map((t) => t.values[0])).toEqual([1, 2, 3]);
    expect(d.bolt.heldTuples).toBe(0);
  });

  it('event time: windows move with the watermark (max ts − lag); late tuples go to the late stream', async () => {
    const d = await drive({
      length: { ms: 10 },
      timestampField: 'ts',
      lagMs: 5,
      watermarkIntervalMs: 100,
      lateStream: 'late',
    });
    for (const [id, ts] of [
      [1, 1],
      [2, 12],
      [3, 8], // out of order, within the lag
      [4, 21],
    ]) {
      await d.send([id, ts], EVENT);
    }
    await d.advance(100); // watermark 16: window [0, 10) runs
    expect(d.bolt.watermark).toBe(16);
    expect(d.bolt.windows.map((w) => [w.start, w.end, w.all])).toEqual([[0, 10, [1, 3]]]);
    await d.send([5, 9], EVENT); // older than the watermark: late
    expect(d.emitted.filter((e) => e.stream === 'late').map((e) => e.values)).toEqual([[5, 9]]);
    await d.send([6, 40], EVENT);
    await d.advance(100); // watermark 35: [10, 20) and [20, 30) run
    expect(d.bolt.windows.map((w) => [w.start, w.end, w.all])).toEqual([
      [0, 10, [1, 3]],
      [10, 20, [2]],
      [20, 30, [4]],
    ]);
    expect(d.acked.map((t) => t.values[0]).sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it('a tuple without a numeric timestamp fails, naming the field', async () => {
    const d = await drive({ length: { ms: 10 }, timestampField: 'ts' });
    await d.send([1, 'soon'], EVENT);
    expect(d.failed).toHaveLength(1);
    expect(String(d.errors[0])).toMatch(/component "w", task 1, stream "default", field "ts": the timestamp field must hold a number/);
  });

  it('the window holds at most what the window covers', async () => {
    const d = await drive({ length: { ms: 1000 }, slide: { ms: 100 }, timestampField: 'ts', watermarkIntervalMs: 10 });
    let peak = 0;
    for (let i = 0; i < 20_000; i++) {
      await d.send([i, i], EVENT);
      if (i % 50 === 0) await d.advance(10);
      peak = Math.max(peak, d.bolt.heldTuples);
    }
    expect(peak).toBeLessThan(1000 + 100 + 50 + 1);
  });

  it('is refused at build time when the message timeout is shorter than length + slide (as Storm)', () => {
    class S extends Spout {
      static outputFields = ['id', 'ts'];
      nextTuple(): void {}
    }
    const build = (timeout: number) => {
      const b = new TopologyBuilder();
      b.setSpout('s', S);
      b.setBolt('w', Recorder)
        .shuffleGrouping('s')
        .addConfigurations(windowConf({ length: { ms: 20_000 }, slide: { ms: 15_000 } }));
      return b.createTopology('t', { 'topology.message.timeout.secs': timeout });
    };
    expect(() => build(30)).toThrow(
      /component "w": window duration \(length \+ sliding interval\) 35000 ms is more than topology.message.timeout.secs 30 s/,
    );
    expect(() => build(35)).not.toThrow();
    // Storm's default message timeout (30 s) when the topology sets none; conf merged later (--conf) is checked too.
    const b = new TopologyBuilder();
    b.setSpout('s', S);
    b.setBolt('w', Recorder)
      .shuffleGrouping('s')
      .addConfigurations(windowConf({ length: { ms: 20_000 }, slide: { ms: 15_000 } }));
    expect(() => b.createTopology('t')).toThrow(/35000 ms is more than topology.message.timeout.secs 30 s/);
    const ok = build(60);
    expect(() => ok.withConf({ 'topology.message.timeout.secs': 20 })).toThrow(/35000 ms is more than topology.message.timeout.secs 20 s/);
    expect(ok.withConf({ 'topology.message.timeout.secs': 40 }).spec.conf['topology.message.timeout.secs']).toBe(40);
  });
});
