import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { MultilangError } from '../errors.ts';
import { FrameWriter } from './frame-writer.ts';

/** A sink that records each write call and can be told to report back-pressure. */
class RecordingSink extends Writable {
  writes: string[] = [];
  constructor(highWaterMark = 1 << 20) {
    super({ highWaterMark, decodeStrings: false });
  }
  override _write(chunk: string | Buffer, _enc: BufferEncoding, done: (error?: Error | null) => void): void {
    // flush() confirms with an empty write; only real data is recorded.
    if (chunk.length > 0) this.writes.push(String(chunk));
    setTimeout(done, 5);
  }
}

describe('FrameWriter', () => {
  it('coalesces the frames of one turn into one write', async () => {
    const sink = new RecordingSink();
    const writer = new FrameWriter(sink);
    writer.write({ command: 'ack', id: '1' });
    writer.write({ command: 'sync' });
    writer.write([1, 2n ** 64n]);
    expect(sink.writes).toEqual([]);
    expect(writer.pendingBytes).toBeGreaterThan(0);
    await writer.flush();
    expect(sink.writes).toEqual(['{"command":"ack","id":"1"}\nend\n{"command":"sync"}\nend\n[1,18446744073709551616]\nend\n']);
    expect(writer.pendingBytes).toBe(0);
  });

  it('flushes on its own at the end of the turn', async () => {
    const out = new PassThrough();
    const writer = new FrameWriter(out);
    writer.write({ command: 'sync' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(String(out.read())).toBe('{"command":"sync"}\nend\n');
  });

  it('between hold() and release() schedules nothing; the outer release writes everything at once', async () => {
    const sink = new RecordingSink();
    const writer = new FrameWriter(sink);
    writer.hold();
    writer.write({ command: 'ack', id: '1' });
    writer.hold();
    writer.write({ command: 'sync' });
    writer.release();
    await new Promise((resolve) => setImmediate(resolve));
    expect(sink.writes).toEqual([]);
    writer.release();
    expect(sink.writes).toEqual(['{"command":"ack","id":"1"}\nend\n{"command":"sync"}\nend\n']);
    writer.write({ command: 'sync' });
    await writer.flush();
    expect(sink.writes).toHaveLength(2);
  });

  it('writes at once past the threshold', () => {
    const sink = new RecordingSink();
    const writer = new FrameWriter(sink, { flushThreshold: 50 });
    writer.write({ command: 'log', msg: 'x'.repeat(60) });
    expect(sink.writes).toHaveLength(1);
  });

  it('refuses an unserializable message without queuing anything', () => {
    const sink = new RecordingSink();
    const writer = new FrameWriter(sink);
    expect(() => writer.write({ tuple: [Number.POSITIVE_INFINITY] })).toThrow(/Infinity/);
    expect(writer.pendingBytes).toBe(0);
  });

  it('stops handing data over under back-pressure and resumes on drain', async () => {
    const sink = new RecordingSink(16);
    const writer = new FrameWriter(sink, { flushThreshold: 1 });
    writer.write({ command: 'log', msg: 'first frame, longer than the sink high water mark' });
    expect(writer.blocked).toBe(true);
    writer.write({ command: 'log', msg: 'second' });
    writer.write({ command: 'log', msg: 'third' });
    expect(sink.writes).toHaveLength(1);
    expect(writer.pendingBytes).toBeGreaterThan(0);
    await writer.drained();
    await writer.flush();
    expect(writer.blocked).toBe(false);
    expect(sink.writes.join('')).toContain('"second"');
    expect(sink.writes.join('')).toContain('"third"');
    expect(sink.writes.join('').split('\nend\n')).toHaveLength(4);
  });

  it('reports a failing output once and drops later writes', async () => {
    const errors: MultilangError[] = [];
    const broken = new Writable({
      write(_chunk, _enc, done) {
        done(new Error('EPIPE'));
      },
    });
    broken.on('error', () => undefined);
    const writer = new FrameWriter(broken, { onError: (e) => errors.push(e) });
    writer.write({ command: 'sync' });
    await writer.flush();
    writer.write({ command: 'sync' });
    await writer.flush();
    expect(errors.map((e) => e.code)).toEqual(['E_OUTPUT']);
    expect(writer.failed).toBe(true);
  });
});
