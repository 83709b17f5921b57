import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MultilangError } from '../errors.ts';
import { FrameDecoder } from './frame-decoder.ts';
import { parseStormJson, stringifyStormJson } from './storm-json.ts';

/** Decodes chunks and returns what came out. */
function decode(chunks: readonly (string | Uint8Array)[], options: { maxFrameBytes?: number; end?: boolean } = {}) {
  const frames: unknown[] = [];
  const errors: MultilangError[] = [];
  const decoder = new FrameDecoder({
    ...(options.maxFrameBytes === undefined ? {} : { maxFrameBytes: options.maxFrameBytes }),
    onFrame: (m) => frames.push(m),
    onError: (e) => errors.push(e),
  });
  for (const c of chunks) decoder.push(typeof c === 'string' ? Buffer.from(c) : c);
  if (options.end !== false) decoder.end();
  return { frames, errors, decoder };
}

/** Splits bytes at the given cut points. */
function cut(bytes: Uint8Array, points: readonly number[]): Uint8Array[] {
  const sorted = [...new Set(points.map((p) => p % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let last = 0;
  for (const p of sorted) {
    out.push(bytes.subarray(last, p));
    last = p;
  }
  out.push(bytes.subarray(last));
  return out;
}

describe('FrameDecoder', () => {
  it('decodes Storm-written frames, several per chunk', () => {
    const { frames, errors } = decode(['{"a":1}\nend\n[1,2]\nend\n{"command":"next","id":""}\nend\n']);
    expect(errors).toEqual([]);
    expect(frames).toEqual([{ a: 1 }, [1, 2], { command: 'next', id: '' }]);
  });

  it('accepts multi-line JSON, \\r\\n line ends and a final end without newline', () => {
    const { frames, errors } = decode(['{\r\n "a":\n 1\r\n}\r\nend\r\n', '{"b":2}\nend']);
    expect(errors).toEqual([]);
    expect(frames).toEqual([{ a: 1 }, { b: 2 }]);
  });

  it('does not mistake "end" inside JSON or a longer line for the terminator', () => {
    const { frames, errors } = decode(['{"x":"\\nend\\n",\n"end":\n"endx"}\nend\n']);
    expect(errors).toEqual([]);
    expect(frames).toEqual([{ x: '\nend\n', end: 'endx' }]);
  });

  it('reassembles a UTF-8 character split across chunks', () => {
    const bytes = Buffer.from('{"s":"h€llo 😀"}\nend\n');
    const euro = bytes.indexOf(0xe2);
    const { frames } = decode([bytes.subarray(0, euro + 1), bytes.subarray(euro + 1, euro + 2), bytes.subarray(euro + 2)]);
    expect(frames).toEqual([{ s: 'h€llo 😀' }]);
  });

  it('reports a malformed frame once, then ignores everything', () => {
    const { frames, errors } = decode(['{"a":1}\nend\nnot json\nend\n{"b":2}\nend\n']);
    expect(frames).toEqual([{ a: 1 }]);
    expect(errors.map((e) => e.code)).toEqual(['E_MALFORMED_FRAME']);
    expect(errors[0]?.message).toMatch(/not valid JSON.*"not json"/);
  });

  it('reports an empty frame as malformed', () => {
    expect(decode(['end\n']).errors.map((e) => e.code)).toEqual(['E_MALFORMED_FRAME']);
  });

  it('reports a truncated frame at end of input, but not trailing blank lines', () => {
    const truncated = decode(['{"a":1}\nend\n{"b":']);
    expect(truncated.frames).toEqual([{ a: 1 }]);
    expect(truncated.errors.map((e) => e.code)).toEqual(['E_TRUNCATED_FRAME']);
    expect(truncated.errors[0]?.message).toMatch(/after frame 1/);
    expect(decode(['{"a":1}\nend\n\n\r\n']).errors).toEqual([]);
    expect(decode(['{"a":1}\nen']).errors.map((e) => e.code)).toEqual(['E_TRUNCATED_FRAME']);
  });

  it('refuses a frame over the cap, complete or not, before buffering more than the cap', () => {
    const big = `["${'x'.repeat(200)}"]\nend\n`;
    expect(decode([big], { maxFrameBytes: 100 }).errors.map((e) => e.code)).toEqual(['E_FRAME_TOO_LARGE']);
    const chunks = Array.from({ length: 50 }, () => 'x'.repeat(10));
    const { errors, decoder } = decode(chunks, { maxFrameBytes: 100, end: false });
    expect(errors.map((e) => e.code)).toEqual(['E_FRAME_TOO_LARGE']);
    expect(errors[0]?.message).toMatch(/exceeds 100 bytes/);
    expect(decoder.bufferedBytes).toBe(0);
    // Exactly at the cap is fine.
    expect(decode([`"${'y'.repeat(98)}"\nend\n`], { maxFrameBytes: 100 }).frames).toHaveLength(1);
  });

  it('decodes any chunking of any valid frame sequence (fast-check)', () => {
    const json = fc.jsonValue().map((v) => JSON.parse(JSON.stringify(v)) as unknown);
    const message = fc.oneof(json, fc.record({ s: fc.string({ unit: 'binary' }), n: fc.bigInt({ min: 2n ** 60n, max: 2n ** 63n }) }));
    let runs = 0;
    fc.assert(
      fc.property(
        fc.array(message, { minLength: 1, maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 12 }),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        (messages, points, eol, pretty) => {
          runs++;
          // Pretty frames span lines (bigints as strings there); either way each frame must decode as its own text does.
          const bodies = messages.map((m) =>
            pretty
              ? JSON.stringify(m, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v), 1).replaceAll('\n', eol)
              : stringifyStormJson(m),
          );
          const text = bodies.map((body) => `${body}${eol}end${eol}`).join('');
          const { frames, errors } = decode(cut(Buffer.from(text), points));
          expect(errors).toEqual([]);
          expect(frames).toEqual(pretty ? bodies.map((b) => parseStormJson(b)) : messages);
        },
      ),
      { numRuns: 3000 },
    );
    expect(runs).toBe(3000);
  });

  it('never throws out of push/end on random bytes, and reports at most one error (fast-check)', () => {
    let runs = 0;
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.uint8Array({ maxLength: 64 }), fc.constant(Buffer.from('\nend\n'))), { maxLength: 20 }),
        (chunks) => {
          runs++;
          const { errors } = decode(chunks, { maxFrameBytes: 256 });
          expect(errors.length).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: 5000 },
    );
    expect(runs).toBe(5000);
  });
});
