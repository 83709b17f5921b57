import { describe, expect, it } from 'vitest';
import { SpoutLedger, type KafkaRecord } from './ledger.ts';
import { retryDelayMs } from './retry-backoff.ts';

const record = (offset: number, partition = 0): KafkaRecord => ({ topic: 't', partition, offset, key: null, value: `v${offset}` });
const policy = { maxTries: 3, initialMs: 100, maxMs: 250 };

describe('retryDelayMs', () => {
  it('doubles from the initial delay and stops at the maximum', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, 100, 250))).toEqual([100, 200, 250, 250]);
    expect(retryDelayMs(1, 0, 250)).toBe(0);
  });
});

describe('SpoutLedger', () => {
  it('emits the buffer in fetch order and commits the acked prefix per partition', () => {
    const l = new SpoutLedger(policy);
    for (const r of [record(0), record(1), record(0, 1)]) l.fetched(r);
    const a = l.next(0)!;
    const b = l.next(0)!;
    const c = l.next(0)!;
    expect([a.msgId, b.msgId, c.msgId]).toEqual([
      { topic: 't', partition: 0, offset: 0 },
      { topic: 't', partition: 0, offset: 1 },
      { topic: 't', partition: 1, offset: 0 },
    ]);
    expect(l.next(0)).toBeUndefined();
    l.ack(b.msgId);
    l.ack(c.msgId);
    expect(l.commitPoints()).toEqual([{ topic: 't', partition: 1, offset: 1 }]);
    l.ack(a.msgId);
    expect(l.commitPoints()).toEqual([
      { topic: 't', partition: 0, offset: 2 },
      { topic: 't', partition: 1, offset: 1 },
    ]);
    l.committed(l.commitPoints());
    expect(l.commitPoints()).toEqual([]);
    expect(l.holding).toBe(0);
  });

  it('retries a failed record after the back-off, before the buffer, and dead-letters it at the last try', () => {
    const l = new SpoutLedger(policy);
    l.fetched(record(0));
    l.fetched(record(1));
    const first = l.next(0)!;
    expect(l.fail(first.msgId, 1000)).toBe('retry');
    expect(l.next(1050)!.msgId.offset).toBe(1); // back-off (100 ms) not over: the buffer goes on
    expect(l.next(1099)).toBeUndefined();
    const second = l.next(1100)!;
    expect(second).toMatchObject({ msgId: { offset: 0 }, failures: 1, deadReason: undefined });
    expect(l.fail(second.msgId, 2000)).toBe('retry');
    expect(l.next(2199)).toBeUndefined();
    const third = l.next(2200)!;
    expect(l.fail(third.msgId, 3000)).toBe('dead');
    const dead = l.next(3000)!;
    expect(dead).toMatchObject({ msgId: { offset: 0 }, failures: 3, deadReason: 'failed 3 times (kafka.spout.max.tries)' });
    // Nothing committed until the dead-letter tuple is acked.
    l.ack({ topic: 't', partition: 0, offset: 1 });
    expect(l.commitPoints()).toEqual([]);
    l.ack(dead.msgId);
    expect(l.commitPoints()).toEqual([{ topic: 't', partition: 0, offset: 2 }]);
  });

  it('retries a failed dead-letter tuple for ever, with the back-off', () => {
    const l = new SpoutLedger({ ...policy, maxTries: 1 });
    l.fetched(record(0));
    const e = l.next(0)!;
    expect(l.fail(e.msgId, 0)).toBe('dead');
    const dead = l.next(0)!;
    expect(dead.deadReason).toMatch(/failed 1 times/);
    expect(l.fail(dead.msgId, 10)).toBe('dead');
    expect(l.next(10 + retryDelayMs(2, 100, 250) - 1)).toBeUndefined();
    expect(l.next(10 + retryDelayMs(2, 100, 250))!.deadReason).toMatch(/failed 1 times/);
  });

  it('a record marked dead on arrival keeps its reason for the dead-letter emit', () => {
    const l = new SpoutLedger(policy);
    l.fetched(record(0));
    const e = l.next(0)!;
    expect(l.deadOnArrival(e.msgId, 'not JSON')!.deadReason).toBe('not JSON');
    l.ack(e.msgId);
    expect(l.commitPoints()).toEqual([{ topic: 't', partition: 0, offset: 1 }]);
  });

  it('after a reset, late acks and fails are ignored and refetched records start over', () => {
    const l = new SpoutLedger(policy);
    l.fetched(record(0));
    const e = l.next(0)!;
    l.reset();
    expect(l.ack(e.msgId)).toBe(false);
    expect(l.fail(e.msgId, 0)).toBe('unknown');
    expect(l.fetched(record(0))).toBe(true);
    expect(l.fetched(record(0))).toBe(false);
    // An ack for the refetched record while it waits in the buffer (a tree of the old emit) is not taken for it.
    expect(l.ack(e.msgId)).toBe(false);
    expect(l.buffered).toBe(1);
  });
});
