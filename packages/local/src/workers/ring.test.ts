import { describe, expect, it } from 'vitest';
import { allocateRing, RingReader, RingWriter } from './ring.ts';

/** Reads every complete batch waiting, as byte arrays. */
function drain(reader: RingReader): number[][] {
  const out: number[][] = [];
  reader.read((bytes, _view, start, length) => out.push([...bytes.subarray(start, start + length)]), 1_000);
  return out;
}

const batch = (n: number, seed: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (i * 7 + seed) & 0xff);

describe('SPSC ring', () => {
  it('passes batches in order, wrapping around the end many times', () => {
    const memory = allocateRing(4096);
    const writer = new RingWriter(memory);
    const reader = new RingReader(memory);
    const seen: number[][] = [];
    const sent: number[][] = [];
    for (let i = 0; i < 500; i++) {
      const b = batch(1 + ((i * 37) % 300), i);
      expect(writer.tryWrite(b, 0, b.length, false), `batch ${i}`).toBe(true);
      sent.push([...b]);
      if (i % 3 === 2) seen.push(...drain(reader));
    }
    seen.push(...drain(reader));
    expect(seen).toEqual(sent);
    expect(reader.hasData).toBe(false);
  });

  it('refuses a batch that does not fit until the reader frees room', () => {
    const memory = allocateRing(4096);
    const writer = new RingWriter(memory);
    const reader = new RingReader(memory);
    const b = batch(1000, 1);
    let written = 0;
    while (writer.tryWrite(b, 0, b.length, false)) written++;
    expect(written).toBe(4); // 4 × (8 + 1000) bytes of 4096, one slot always free
    expect(writer.backlog).toBeGreaterThan(4000);
    expect(drain(reader)).toHaveLength(4);
    expect(writer.tryWrite(b, 0, b.length, false)).toBe(true);
  });

  it('joins a batch written in chunks, and drops the part a dead writer left when a fresh batch follows', () => {
    const memory = allocateRing(4096);
    const writer = new RingWriter(memory);
    const reader = new RingReader(memory);
    const big = batch(2500, 3);
    const max = writer.maxChunk;
    let at = 0;
    while (at < big.length) {
      const n = Math.min(max, big.length - at);
      expect(writer.tryWrite(big, at, n, at + n < big.length, at > 0)).toBe(true);
      at += n;
      expect(drain(reader)).toEqual(at < big.length ? [] : [[...big]]);
    }
    // A first chunk, then (the writer died) a new batch without the continuation flag.
    expect(writer.tryWrite(big, 0, max, true, false)).toBe(true);
    const fresh = batch(10, 9);
    expect(writer.tryWrite(fresh, 0, fresh.length, false, false)).toBe(true);
    expect(drain(reader)).toEqual([[...fresh]]);
  });
});
