// How `twinstorm component` ends: stdin EOF and SIGTERM (within a second, pending output flushed), each
// malformed-input case (an `error` command, one stderr line, the documented exit code, nothing else on stdout),
// and user code failing where Storm offers no way on.
import { Bolt, Spout, TopologyBuilder } from '@twinstorm/core';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_FRAME_BYTES } from '../src/codec/frame-decoder.ts';
import { EXIT_CODES } from '../src/runner/exit-codes.ts';
import { FakeStorm, type ExitReport } from './harness/index.ts';
import { twinstormComponent } from './support/children.ts';
import { startComponent } from './support/runner.ts';

/** The runner's one line per fatal cause. */
function fatalLines(stderr: string): string[] {
  return stderr.split('\n').filter((l) => l.startsWith('twinstorm component:'));
}

/** Checks the common shape of a fatal exit: code, one stderr line naming the cause, the error command, clean stdout. */
function expectFatalExit(storm: FakeStorm, exit: ExitReport, code: number, errorCode: string): void {
  expect({ code: exit.code, signal: exit.signal }).toEqual({ code, signal: null });
  const lines = fatalLines(storm.stderrText());
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain(`[${errorCode}, exit ${code}]`);
  expect(lines[0]).toMatch(new RegExp(`task ${storm.taskId}, pid ${storm.pid}`));
  expect(storm.errors.map((e) => e.msg).join('\n')).toContain(errorCode);
  expect(exit.trailing).toBe('');
}

describe('exits', () => {
  it('stdin EOF: exit 0 within a second, every pending ack and emit flushed first', async () => {
    const storm = await startComponent('passthrough.ts', 'pass');
    try {
      for (let n = 0; n < 50; n++) storm.sendTuple([n]);
      const since = storm.now();
      storm.closeStdin();
      const exit = await storm.waitForExit(5000, since);
      expect(exit.code).toBe(EXIT_CODES.EOF);
      expect(exit.elapsedMs).toBeLessThan(1000);
      expect(storm.counts.acks).toBe(50);
      expect(storm.counts.emits).toBe(50);
      expect(exit.trailing).toBe('');
      storm.assertHealthy();
    } finally {
      await storm.dispose();
    }
  });

  it('SIGTERM: exit 143 within a second, output written so far flushed, even with a 5 s execute in flight', async () => {
    const storm = await startComponent('slow-bolt.ts', 'slow');
    try {
      storm.sendTuple([1]);
      await storm.waitFor('the tuple to be read', () => storm.counts.framesOut >= 2);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const since = storm.now();
      storm.signal('SIGTERM');
      const exit = await storm.waitForExit(5000, since);
      expect(exit.code).toBe(EXIT_CODES.SIGTERM);
      expect(exit.elapsedMs).toBeLessThan(1000);
      expect(exit.trailing).toBe('');
      storm.assertHealthy();
    } finally {
      await storm.dispose();
    }
  });

  it('spout: EOF between requests exits 0 within a second', async () => {
    const storm = await startComponent('spout-batches.ts', 'batches');
    try {
      await storm.activate();
      await storm.next();
      const since = storm.now();
      storm.closeStdin();
      const exit = await storm.waitForExit(5000, since);
      expect(exit.code).toBe(EXIT_CODES.EOF);
      expect(exit.elapsedMs).toBeLessThan(1000);
    } finally {
      await storm.dispose();
    }
  });
});

describe('malformed input: a clear error, the documented exit code, never a hang, never garbage on stdout', () => {
  async function afterBadInput(
    component: 'pass' | 'numbers',
    send: (s: FakeStorm) => Promise<void> | void,
  ): Promise<[FakeStorm, ExitReport]> {
    const storm = await startComponent('passthrough.ts', component);
    storm.expectExit();
    if (component === 'numbers') await storm.activate();
    else expect(await storm.process([1])).toBe('ack');
    const since = storm.now();
    await send(storm);
    return [storm, await storm.waitForExit(10_000, since)];
  }

  it.each<[string, string, number, (s: FakeStorm) => Promise<void> | void]>([
    ['garbage', 'E_MALFORMED_FRAME', EXIT_CODES.E_MALFORMED_FRAME, (s) => s.writeRaw('this is not JSON\nend\n')],
    ['a truncated frame', 'E_MALFORMED_FRAME', EXIT_CODES.E_MALFORMED_FRAME, (s) => s.writeRaw('{"id":"1","comp":"numbers","str\nend\n')],
    ['non-object JSON', 'E_NOT_AN_OBJECT', EXIT_CODES.E_NOT_AN_OBJECT, (s) => s.writeRaw('"just a string"\nend\n')],
    [
      'stdin closed mid-frame',
      'E_TRUNCATED_FRAME',
      EXIT_CODES.E_TRUNCATED_FRAME,
      async (s) => {
        await s.writeRaw('{"id":"1","comp":"numbers","stream":"default","task":2,');
        s.closeStdin();
      },
    ],
    [
      'a frame over the size cap',
      'E_FRAME_TOO_LARGE',
      EXIT_CODES.E_FRAME_TOO_LARGE,
      (s) => s.writeRaw(`{"id":"1","tuple":["${'x'.repeat(DEFAULT_MAX_FRAME_BYTES + 1024)}`),
    ],
  ])('bolt, %s -> %s', async (_name, errorCode, code, send) => {
    const [storm, exit] = await afterBadInput('pass', send);
    try {
      expectFatalExit(storm, exit, code, errorCode);
    } finally {
      await storm.dispose();
    }
  });

  it('spout, an unknown command -> E_UNKNOWN_COMMAND', async () => {
    const [storm, exit] = await afterBadInput('numbers', (s) => s.writeRaw('{"command":"dance","id":""}\nend\n'));
    try {
      expectFatalExit(storm, exit, EXIT_CODES.E_UNKNOWN_COMMAND, 'E_UNKNOWN_COMMAND');
    } finally {
      await storm.dispose();
    }
  });

  it('bolt, a task-id reply nobody asked for -> E_PROTOCOL', async () => {
    const [storm, exit] = await afterBadInput('pass', (s) => s.writeRaw('[4]\nend\n'));
    try {
      expectFatalExit(storm, exit, EXIT_CODES.E_PROTOCOL, 'E_PROTOCOL');
    } finally {
      await storm.dispose();
    }
  });
});

describe('user code failing where Storm offers no way on', () => {
  it('prepare throws: the error is reported, exit E_USER_CODE', async () => {
    const storm = await startComponent('prepare-throws.ts', 'broken');
    storm.expectExit();
    try {
      const exit = await storm.waitForExit(10_000);
      expectFatalExit(storm, exit, EXIT_CODES.E_USER_CODE, 'E_USER_CODE');
      expect(storm.errors[0]?.msg).toContain('prepare exploded');
    } finally {
      await storm.dispose();
    }
  });

  it('the topology module throws at import: exit E_TOPOLOGY_LOAD with one stderr line, stdout untouched', async () => {
    // The runner dies before the handshake, so drive it by hand: a stand-in spec gives Storm's handshake.
    class S extends Spout {
      static outputFields = ['n'];
      nextTuple(): void {}
    }
    class B extends Bolt {
      execute(): void {}
    }
    const tb = new TopologyBuilder();
    tb.setSpout('source', S, 1);
    tb.setBolt('any', B, 1).shuffleGrouping('source');
    const spec = tb.createTopology('import-throws', {}).spec;
    const child = twinstormComponent('import-throws.ts', 'any');
    await expect(FakeStorm.start({ spec, componentId: 'any', ...child, handshakeTimeoutMs: 60_000 })).rejects.toThrow(
      new RegExp(`exit code ${EXIT_CODES.E_TOPOLOGY_LOAD}[\\s\\S]*this topology module fails at import`),
    );
  });
});
