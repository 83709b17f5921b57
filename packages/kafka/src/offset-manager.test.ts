import { describe, expect, it } from 'vitest';
import { OffsetManager } from './offset-manager.ts';

function taken(committed: number, offsets: readonly number[]): OffsetManager {
  const m = new OffsetManager(committed);
  for (const o of offsets) expect(m.take(o)).toBe(true);
  return m;
}

describe('OffsetManager: only the contiguous acked prefix is committable', () => {
  it('stops at the first offset not acked, whatever is acked after it', () => {
    const m = taken(10, [10, 11, 12, 13, 14]);
    m.done(10);
    m.done(11);
    m.done(13);
    m.done(14);
    expect(m.committable).toBe(12);
    expect(m.uncommitted).toBe(3);
    m.done(12);
    expect(m.committable).toBe(15);
    expect(m.uncommitted).toBe(0);
  });

  it('commits nothing while the first record is in flight', () => {
    const m = taken(0, [0, 1, 2]);
    m.done(1);
    m.done(2);
    expect(m.needsCommit).toBe(false);
    expect(m.committable).toBe(0);
  });

  it('steps over gaps in the offsets (compaction, transaction markers): the next offset to read follows the last taken', () => {
    const m = taken(5, [5, 9, 20]);
    m.done(5);
    expect(m.committable).toBe(9);
    m.done(20);
    expect(m.committable).toBe(9);
    m.done(9);
    expect(m.committable).toBe(21);
  });

  it('tracks what was committed, and needsCommit only when the prefix moved past it', () => {
    const m = taken(0, [0, 1]);
    m.done(0);
    expect(m.needsCommit).toBe(true);
    m.committedTo(1);
    expect(m.committed).toBe(1);
    expect(m.needsCommit).toBe(false);
    m.committedTo(0);
    expect(m.committed).toBe(1);
  });

  it('refuses a refetched offset and a second ack of one offset, and ignores offsets it never took', () => {
    const m = taken(0, [0, 1, 2]);
    expect(m.take(1)).toBe(false);
    expect(m.done(1)).toBe(true);
    expect(m.done(1)).toBe(false);
    expect(m.done(7)).toBe(false);
    m.done(0);
    expect(m.done(0)).toBe(false);
    expect(m.committable).toBe(2);
  });

  it('keeps its order over many records acked out of order (and compacts what it passed)', () => {
    const m = new OffsetManager(0);
    const n = 10_000;
    for (let o = 0; o < n; o++) m.take(o);
    // Ack every odd offset, then every even one in reverse: the prefix can only move when 0 is done.
    for (let o = 1; o < n; o += 2) m.done(o);
    expect(m.committable).toBe(0);
    for (let o = n - 2; o > 0; o -= 2) m.done(o);
    expect(m.committable).toBe(0);
    m.done(0);
    expect(m.committable).toBe(n);
    expect(m.uncommitted).toBe(0);
  });
});
