import { describe, expect, it } from 'vitest';
import { FrameReadError, StormFrameReader } from './storm-reader.ts';
import { JavaDouble, toStormJson } from './storm-writer.ts';

describe('StormFrameReader (Storm`s side: BufferedReader.readLine until "end")', () => {
  it('reads frames split anywhere, UTF-8 characters split across chunks included', () => {
    const bytes = Buffer.from('{"command":"log","msg":"héllo €"}\nend\n{"command":"sync"}\nend\n');
    for (let cut = 1; cut < bytes.length; cut++) {
      const r = new StormFrameReader();
      const frames = [...r.push(bytes.subarray(0, cut)), ...r.push(bytes.subarray(cut))];
      expect(frames.map((f) => f.value)).toEqual([{ command: 'log', msg: 'héllo €' }, { command: 'sync' }]);
      expect(r.pending()).toBe('');
    }
  });

  it('ends lines at \\n, \\r\\n or a lone \\r, as Java does, and joins multi-line JSON with \\n', () => {
    const r = new StormFrameReader();
    const frames = r.push('{"a":\r\n1}\r\nend\r\n[1,\r2]\rend\r');
    expect(frames.map((f) => [f.value, f.lines])).toEqual([
      [{ a: 1 }, 2],
      [[1, 2], 2],
    ]);
    // a \r\n split between chunks is one line end
    const s = new StormFrameReader();
    expect(s.push('{}\r')).toEqual([]);
    expect(s.push('\nend\n').map((f) => f.value)).toEqual([{}]);
  });

  it('a line "end " or " end" is not the terminator; non-JSON text is an error naming the text', () => {
    const r = new StormFrameReader();
    expect(r.push('{}\nend \n')).toEqual([]);
    expect(() => r.push('end\n')).toThrow(FrameReadError);
    expect(() => new StormFrameReader().push('hello world\nend\n')).toThrow(/invalid JSON.*hello world/);
  });

  it('keeps what follows the last frame as pending (garbage or a truncated frame at exit)', () => {
    const r = new StormFrameReader();
    r.push('{}\nend\n{"command":');
    expect(r.pending()).toBe('{"command":');
  });

  it('fails a frame that grows past the limit without an end line', () => {
    expect(() => new StormFrameReader(10).push('x'.repeat(11))).toThrow(/exceeds 10/);
  });
});

describe('toStormJson (json-smart 2.6 NO_COMPRESS, as Storm writes)', () => {
  it('escapes / and the control, C1 and U+2000-20FF ranges; leaves other non-ASCII as is', () => {
    expect(toStormJson({ p: '/tmp/x', s: 'a"b\\c\n\t\u0001\u007f\u2028€é😀' })).toBe(
      '{"p":"\\/tmp\\/x","s":"a\\"b\\\\c\\n\\t\\u0001\\u007F\\u2028\\u20ACé😀"}',
    );
  });

  it('writes NaN bare, infinities as null, longs beyond 2^53 exactly, Java doubles with .0', () => {
    expect(toStormJson([NaN, Infinity, -Infinity, 2n ** 63n - 1n, new JavaDouble(2), new JavaDouble(0.5), 1.5, null, true])).toBe(
      '[NaN,null,null,9223372036854775807,2.0,0.5,1.5,null,true]',
    );
  });

  it('keeps key order as given and drops undefined members', () => {
    expect(toStormJson({ b: 1, a: undefined, c: [undefined] })).toBe('{"b":1,"c":[null]}');
  });
});
