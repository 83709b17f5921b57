import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Tuple } from '@twinstorm/core';
import { BoltDriver } from '@twinstorm/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { StatefulBolt, clearMemoryState, registerStateProvider, StateError, type KeyValueState, type StateProvider } from './index.ts';

/** Counts words in keyed state; acks each input. */
class WordCount extends StatefulBolt<number> {
  static outputFields = ['word', 'count'];
  counts!: KeyValueState<number>;
  initState(state: KeyValueState<number>): void {
    this.counts = state;
  }
  execute(t: Tuple): void {
    const word = t.getString('word');
    const n = this.counts.get(word, 0) + 1;
    this.counts.put(word, n);
    this.emit([word, n], { anchors: [t] });
    this.ack(t);
  }
}

const WORD = { fields: ['word'] };
afterEach(() => clearMemoryState());

describe('StatefulBolt', () => {
  it('calls initState before the first tuple, with the state of the last checkpoint', async () => {
    const d = await BoltDriver.start(WordCount);
    expect(d.bolt.counts.size).toBe(0);
    await d.send(['a'], WORD);
    expect(d.state()).toEqual({ a: 1 });
  });

  it('holds acks until the checkpoint commits, then acks in order', async () => {
    const d = await BoltDriver.start(WordCount, { conf: { 'topology.state.checkpoint.interval.ms': 500 } });
    const a = await d.send(['a'], WORD);
    const b = await d.send(['b'], WORD);
    expect(d.acked, 'no ack before the commit').toEqual([]);
    await d.advance(499);
    expect(d.acked).toEqual([]);
    await d.advance(1);
    expect(d.acked).toEqual([a, b]);
    expect(d.bolt.checkpointStats.commits).toBe(1);
  });

  it('after a crash restores the last commit; the replay of unacked tuples is applied exactly once', async () => {
    const d = await BoltDriver.start(WordCount);
    for (const w of ['a', 'b', 'a']) await d.send([w], WORD);
    await d.advance(1000); // committed: a=2, b=1
    for (const w of ['a', 'c']) await d.send([w], WORD); // not committed
    const replay = await d.crash();
    expect(replay.map((t) => t.values[0])).toEqual(['a', 'c']);
    expect(d.state(), 'the uncommitted writes are gone').toEqual({ a: 2, b: 1 });
    await d.replay(replay);
    await d.advance(1000);
    expect(d.state()).toEqual({ a: 3, b: 1, c: 1 });
    expect(d.unsettled).toEqual([]);
  });

  it('cleanup commits nothing: what was not committed belongs to tuples never acked, which replay', async () => {
    const d = await BoltDriver.start(WordCount);
    await d.send(['a'], WORD);
    await d.advance(1000); // committed: a=1
    await d.send(['a'], WORD);
    await d.stop();
    expect(d.acked, 'only the committed tuple was acked').toHaveLength(1);
    expect(d.unsettled.map((t) => t.values[0])).toEqual(['a']);
    const replay = await d.crash();
    expect(d.state(), 'the stop did not commit a=2').toEqual({ a: 1 });
    await d.replay(replay);
    await d.advance(1000);
    expect(d.state()).toEqual({ a: 2 });
  });

  it('holds new executes behind a due checkpoint until the async ones in flight finish', async () => {
    class Slow extends StatefulBolt<number> {
      static outputFields = ['n'];
      s!: KeyValueState<number>;
      release: Array<() => void> = [];
      initState(state: KeyValueState<number>): void {
        this.s = state;
      }
      async execute(t: Tuple): Promise<void> {
        this.s.put('first', 1);
        await new Promise<void>((resolve) => this.release.push(resolve));
        this.s.put(`done-${String(t.values[0])}`, 1);
        this.ack(t);
      }
    }
    const d = await BoltDriver.start(Slow);
    const first = d.send([1]);
    await d.advance(1000); // due, but 1 is in flight: no commit yet
    expect(d.bolt.checkpointStats.commits).toBe(0);
    const second = d.send([2]); // waits behind the barrier
    await d.advance(0);
    expect(d.bolt.release).toHaveLength(1);
    d.bolt.release[0]!();
    await first;
    await d.advance(0);
    expect(d.bolt.checkpointStats.commits, 'committed once the execution in flight finished').toBe(1);
    expect(d.acked.map((t) => t.values[0])).toEqual([1]);
    expect(d.bolt.release, 'the held execute started after the commit').toHaveLength(2);
    d.bolt.release[1]!();
    await second;
  });

  it('a failed commit rolls the state back and fails the tuples it held, reporting the error', async () => {
    let failing = false;
    const flaky: StateProvider = {
      name: 'flaky-test',
      async open() {
        return {
          load: async () => new Map(),
          commit: async () => {
            if (failing) throw new Error('store down');
          },
          close: async () => undefined,
        };
      },
    };
    registerStateProvider(flaky);
    const d = await BoltDriver.start(WordCount, { conf: { 'topology.state.provider': 'flaky-test' } });
    await d.send(['a'], WORD);
    await d.advance(1000);
    failing = true;
    const b = await d.send(['b'], WORD);
    await d.advance(1000);
    expect(d.failed).toEqual([b]);
    expect(d.state()).toEqual({ a: 1 });
    expect(String(d.errors[0])).toMatch(/store down/);
  });

  it('strict mode refuses a value that is not JSON, naming the key and the part', async () => {
    class Bad extends StatefulBolt {
      s!: KeyValueState;
      initState(state: KeyValueState): void {
        this.s = state;
      }
      execute(t: Tuple): void {
        this.s.put('k', { when: new Date(0) } as never);
        this.ack(t);
      }
    }
    const d = await BoltDriver.start(Bad, { conf: { 'twinstorm.local.strict': true }, componentId: 'bad' });
    await d.send([1]);
    expect(d.failed).toHaveLength(1);
    expect(d.errors[0]).toBeInstanceOf(StateError);
    expect(String(d.errors[0])).toMatch(/component "bad", task 1: state.put\("k"\): \$.when is a Date/);
  });

  it('names an unknown provider', async () => {
    await expect(BoltDriver.start(WordCount, { conf: { 'topology.state.provider': 'nope' } })).rejects.toThrow(
      /"topology.state.provider" is "nope"; known providers: memory/,
    );
  });

  it('the file provider keeps the committed state across a crash, on disk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'twinstorm-state-'));
    try {
      const conf = { 'topology.state.provider': 'file', 'topology.state.provider.config': JSON.stringify({ dir }) };
      const d = await BoltDriver.start(WordCount, { conf });
      await d.send(['x'], WORD);
      await d.bolt.checkpointNow();
      clearMemoryState();
      await d.crash();
      expect(d.state()).toEqual({ x: 1 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
