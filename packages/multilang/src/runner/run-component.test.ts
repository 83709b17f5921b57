import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EXIT_CODES } from './exit-codes.ts';
import topology from './fixtures/topology.ts';
import { commands, runInMemory, type InMemoryRun } from './fixtures/in-memory-runner.ts';

const tuple = (id: string, values: unknown[]) => ({ id, comp: 'numbers', stream: 'default', task: 1, tuple: values });

/** The checks every bad-input case shares: the exit code, one stderr line naming the cause, clean stdout. */
async function expectFatal(storm: InMemoryRun, code: number, errorCode: string, reason: RegExp, reported: boolean): Promise<void> {
  expect(await storm.exit).toBe(code);
  const lines = storm
    .stderr()
    .split('\n')
    .filter((l) => l.length > 0);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^twinstorm component: component "[^"]+", task (\d+|\?), pid 4242: /);
  expect(lines[0]).toMatch(reason);
  expect(lines[0]).toContain(`[${errorCode}, exit ${code}]`);
  expect(storm.outputError).toBeUndefined();
  expect(storm.raw()).toMatch(/^(.*\nend\n)*$/s);
  const errors = commands(storm.frames, 'error');
  if (reported) {
    expect(errors).toHaveLength(1);
    expect(errors[0]?.['msg']).toContain(lines[0]);
  } else {
    expect(errors).toEqual([]);
  }
}

describe('runComponent on bad input', () => {
  it('garbage after the handshake: E_MALFORMED_FRAME, reported to Storm', async () => {
    const storm = runInMemory(topology, 'pass');
    storm.handshake();
    storm.sendRaw('this is not json\nend\n');
    await expectFatal(storm, 10, 'E_MALFORMED_FRAME', /a frame is not valid JSON/, true);
  });

  it('garbage instead of the handshake: E_MALFORMED_FRAME, nothing on stdout', async () => {
    const storm = runInMemory(topology, 'pass');
    storm.sendRaw('\u0000\u0001binary\nend\n');
    await expectFatal(storm, 10, 'E_MALFORMED_FRAME', /not valid JSON/, false);
    expect(storm.raw()).toBe('');
  });

  it('stdin closed mid-frame: E_TRUNCATED_FRAME', async () => {
    const storm = runInMemory(topology, 'pass');
    storm.handshake();
    storm.sendRaw('{"id":"1","comp":"numbers"');
    storm.input.end();
    await expectFatal(storm, 11, 'E_TRUNCATED_FRAME', /ended in the middle of a frame/, true);
  });

  it('a non-object where an object must be: E_NOT_AN_OBJECT', async () => {
    const storm = runInMemory(topology, 'pass');
    storm.handshake();
    storm.send(42);
    await expectFatal(storm, 12, 'E_NOT_AN_OBJECT', /expected a tuple object or a task-id list, got 42/, true);
    const big = runInMemory(topology, 'pass');
    big.handshake();
    big.sendRaw('123456789012345678901234567890\nend\n');
    await expectFatal(big, 12, 'E_NOT_AN_OBJECT', /got 123456789012345678901234567890/, true);
    const first = runInMemory(topology, 'numbers');
    first.send('hello');
    await expectFatal(first, 12, 'E_NOT_AN_OBJECT', /the handshake must be a JSON object/, false);
  });

  it('a command sent to a bolt: E_UNKNOWN_COMMAND', async () => {
    const storm = runInMemory(topology, 'pass');
    storm.handshake();
    storm.send({ command: 'next', id: '' });
    await expectFatal(storm, 13, 'E_UNKNOWN_COMMAND', /a bolt receives tuples, not commands: got command "next"/, true);
  });

  it('a frame over the cap: E_FRAME_TOO_LARGE, without buffering it all', async () => {
    const storm = runInMemory(topology, 'pass', { maxFrameBytes: 64 * 1024 });
    storm.handshake();
    for (let i = 0; i < 10; i++) storm.sendRaw(`["${'x'.repeat(16 * 1024)}`);
    await expectFatal(storm, 14, 'E_FRAME_TOO_LARGE', /exceeds 65536 bytes/, true);
  });

  it('a tuple without its fields, or task ids nobody asked for: E_PROTOCOL', async () => {
    const storm = runInMemory(topology, 'pass');
    storm.handshake();
    storm.send({ id: '1', stream: 'default', tuple: [] });
    await expectFatal(storm, 15, 'E_PROTOCOL', /a tuple needs id/, true);
    const ids = runInMemory(topology, 'pass');
    ids.handshake();
    ids.send([1, 2]);
    await expectFatal(ids, 15, 'E_PROTOCOL', /received task ids \[1,2\] but no emit asked for them/, true);
  });

  it('an unusable handshake, or a pid file that cannot be written: E_HANDSHAKE', async () => {
    const storm = runInMemory(topology, 'pass');
    storm.send({ pidDir: '/tmp', conf: {} });
    await expectFatal(storm, 20, 'E_HANDSHAKE', /handshake is unusable: context: expected an object/, false);
    const pid = runInMemory(topology, 'pass', {
      writePidFile: () => {
        throw new Error('EACCES: permission denied');
      },
    });
    pid.handshake();
    await expectFatal(pid, 20, 'E_HANDSHAKE', /cannot create the pid file in .*: EACCES/, false);
  });

  it('an unknown component id, or a handshake for another component: E_UNKNOWN_COMPONENT', async () => {
    const storm = runInMemory(topology, 'nosuch');
    await expectFatal(storm, 21, 'E_UNKNOWN_COMPONENT', /has no component "nosuch" \(it has: numbers, /, false);
    const other = runInMemory(topology, 'pass');
    other.handshake(other.tasksOf('slow')[0]);
    await expectFatal(other, 21, 'E_UNKNOWN_COMPONENT', /handshake is for component "slow" but this process runs "pass"/, false);
  });

  it('an uncaught exception in user code: E_USER_CODE', async () => {
    const storm = runInMemory(topology, 'pass');
    storm.handshake();
    await storm.waitFor((f) => f.length === 1, 'the pid');
    storm.events.emit('uncaughtException', new Error('timer exploded'));
    await expectFatal(storm, 30, 'E_USER_CODE', /user code \(uncaught\) threw: timer exploded/, true);
  });

  it('stdin closed between frames, even before the handshake: exit 0, no stderr', async () => {
    const storm = runInMemory(topology, 'pass');
    storm.input.end();
    expect(await storm.exit).toBe(EXIT_CODES.EOF);
    expect(storm.stderr()).toBe('');
  });

  it('random bytes after the handshake always end in a documented exit code with clean stdout (fast-check)', async () => {
    const documented = new Set<number>(Object.values(EXIT_CODES));
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(fc.uint8Array({ maxLength: 40 }), fc.constantFrom('\nend\n', '{"id":"1"', '[1]', 'NaN', '"x"', '{}', '\n')), {
          maxLength: 12,
        }),
        async (chunks) => {
          runs++;
          const storm = runInMemory(topology, 'pass', { maxFrameBytes: 256, shutdownGraceMs: 200 });
          storm.handshake();
          for (const c of chunks) storm.sendRaw(c);
          storm.input.end();
          const code = await storm.exit;
          expect(documented.has(code)).toBe(true);
          expect(storm.outputError).toBeUndefined();
          expect(
            storm
              .stderr()
              .split('\n')
              .filter((l) => l.length > 0).length,
          ).toBe(code === 0 ? 0 : 1);
        },
      ),
      { numRuns: 300 },
    );
    expect(runs).toBe(300);
  });

  it('random valid sessions: every tuple acked or failed exactly once, every heartbeat synced, never a stray frame (fast-check)', async () => {
    const step = fc.oneof(
      fc.record({ kind: fc.constant('tuple' as const), word: fc.constantFrom('a', 'fail', 'throw', 'direct', 'undeclared', 'émoji 😀') }),
      fc.record({ kind: fc.constant('heartbeat' as const) }),
    );
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 30 }), async (steps) => {
        runs++;
        const storm = runInMemory(topology, 'pass');
        storm.handshake();
        let tuples = 0;
        let heartbeats = 0;
        for (const [i, s] of steps.entries()) {
          if (s.kind === 'tuple') {
            tuples++;
            storm.send(tuple(`-${i}000000000000000000`, [s.word]));
          } else {
            heartbeats++;
            storm.send({ id: `h${i}`, comp: null, stream: '__heartbeat', task: -1, tuple: [] });
          }
        }
        await storm.waitFor(
          (f) => commands(f, 'ack').length + commands(f, 'fail').length === tuples && commands(f, 'sync').length === heartbeats,
          'all answers',
        );
        const settled = [...commands(storm.frames, 'ack'), ...commands(storm.frames, 'fail')].map((c) => c['id']);
        expect(new Set(settled).size).toBe(tuples);
        expect(settled.every((id) => typeof id === 'string' && !id.startsWith('h'))).toBe(true);
        storm.input.end();
        expect(await storm.exit).toBe(0);
        expect(storm.outputError).toBeUndefined();
      }),
      { numRuns: 150 },
    );
    expect(runs).toBe(150);
  });
});

describe('runComponent output failures', () => {
  it('Storm closing its end of stdout: E_OUTPUT, one stderr line, no hang', async () => {
    const { Writable } = await import('node:stream');
    const broken = new Writable({
      write(_chunk, _encoding, done) {
        done(new Error('EPIPE: broken pipe'));
      },
    });
    broken.on('error', () => undefined);
    const storm = runInMemory(topology, 'pass', { output: broken });
    storm.handshake();
    expect(await storm.exit).toBe(17);
    expect(storm.stderr()).toMatch(
      /^twinstorm component: component "pass", task \d+, pid 4242: writing to the peer failed: EPIPE: broken pipe \[E_OUTPUT, exit 17\]\n$/,
    );
  });
});
