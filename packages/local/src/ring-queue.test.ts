import { describe, expect, it } from 'vitest';
import { RingQueue } from './ring-queue.ts';

describe('RingQueue', () => {
  it('is FIFO across wrap-around and growth', () => {
    const q = new RingQueue<number>(4);
    const expected: number[] = [];
    let next = 0;
    // Interleave pushes and shifts so the head wraps many times while the ring also grows.
    for (let round = 0; round < 200; round++) {
      for (let i = 0; i < (round % 7) + 1; i++) {
        q.push(next);
        expected.push(next++);
      }
      for (let i = 0; i < (round % 5) + 1 && expected.length > 0; i++) expect(q.shift()).toBe(expected.shift());
      expect(q.size).toBe(expected.length);
    }
    while (expected.length > 0) expect(q.shift()).toBe(expected.shift());
    expect(q.shift()).toBeUndefined();
    expect(q.size).toBe(0);
  });

  it('keeps its capacity at the peak backlog when it never empties (no growth with throughput)', () => {
    const q = new RingQueue<number>(8);
    for (let i = 0; i < 1000; i++) q.push(i);
    const peak = q.capacity;
    // A million items pass through while the backlog stays at 1000: an array with a moving head would hold them all.
    for (let i = 1000; i < 1_001_000; i++) {
      q.push(i);
      expect(q.shift()).toBe(i - 1000);
    }
    expect(q.size).toBe(1000);
    expect(q.capacity).toBe(peak);
    expect(peak).toBeLessThanOrEqual(2048);
  });
});
