// Fuzzing the component runner with fast-check, in-process (runComponent on PassThrough streams) under the fake
// Storm: random valid command sequences, with Storm's writes re-split into random chunks; and random bytes.
// Each property logs how many cases ran.
import type { Topology } from '@twinstorm/core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../src/runner/exit-codes.ts';
import { FakeStorm } from './harness/index.ts';
import { fixtureTopology, inProcessTransport, type Chunker } from './support/runner.ts';

const RUNS = Number(process.env['TWINSTORM_FUZZ_RUNS'] ?? 100);

/** Splits each write at sizes taken cyclically from `sizes`. */
function chunker(sizes: readonly number[]): Chunker {
  let k = 0;
  return (buf) => {
    const out: Buffer[] = [];
    for (let at = 0; at < buf.length;) {
      const n = sizes[k++ % sizes.length]!;
      out.push(buf.subarray(at, at + n));
      at += n;
    }
    return out;
  };
}

const chunkSizes = fc.array(fc.integer({ min: 1, max: 96 }), { minLength: 1, maxLength: 16 });
const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function start(topology: Topology, componentId: string, sizes: readonly number[]): Promise<FakeStorm> {
  return FakeStorm.start({
    spec: topology.spec,
    componentId,
    transport: () => inProcessTransport(topology, componentId, { chunker: chunker(sizes) }),
    heartbeatIntervalMs: 0,
    handshakeTimeoutMs: 5000,
  });
}

let taskIds: Topology;
let basic: Topology;
let batches: Topology;
let passthrough: Topology;
beforeAll(async () => {
  [taskIds, basic, batches, passthrough] = await Promise.all([
    fixtureTopology('task-ids.ts'),
    fixtureTopology('basic-bolt.ts'),
    fixtureTopology('spout-batches.ts'),
    fixtureTopology('passthrough.ts'),
  ]);
});

// No ticks here: this topology sets no tick frequency, so Storm sends none (the BasicBolt property has them).
type BoltAction = { kind: 'tuple'; word: string } | { kind: 'heartbeat' } | { kind: 'pause'; ms: number };
const boltAction: fc.Arbitrary<BoltAction> = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }).map((word) => ({ kind: 'tuple' as const, word })) },
  { weight: 2, arbitrary: fc.constant({ kind: 'heartbeat' as const }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 3 }).map((ms) => ({ kind: 'pause' as const, ms })) },
);

describe('runner fuzzing', () => {
  it('bolt with emitWithTaskIds: random tuples and heartbeats, randomly chunked', async () => {
    let cases = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(boltAction, { maxLength: 60 }), chunkSizes, async (actions, sizes) => {
        cases++;
        const storm = await start(taskIds, 'tasker', sizes);
        try {
          const words: string[] = [];
          let heartbeats = 0;
          for (const a of actions) {
            if (a.kind === 'tuple') {
              words.push(a.word);
              storm.sendTuple([a.word]);
            } else if (a.kind === 'heartbeat') {
              storm.sendHeartbeat();
              heartbeats++;
            } else await pause(a.ms);
          }
          // Executions are async: wait for every input to settle before EOF.
          await storm.waitFor(
            'every input settled and heartbeat answered',
            () => storm.pendingInputs === 0 && storm.outstandingHeartbeats === 0,
            {
              timeoutMs: 5000,
            },
          );
          const exit = await storm.stop();
          expect(exit.code).toBe(EXIT_CODES.EOF);
          expect(storm.counts.acks).toBe(words.length);
          // Task ids reported by each execute equal the replies to its own emit (FIFO under any chunking).
          const answered = new Map(
            storm.emits.filter((e) => e.stream === 'default').map((e) => [e.anchors[0], (e.taskIds ?? []).join(',')]),
          );
          const reported = storm.emits.filter((e) => e.stream === 'ids');
          expect(reported).toHaveLength(words.length);
          for (const r of reported) expect(r.tuple[1]).toBe(answered.get(r.anchors[0]));
          expect(reported.map((r) => r.tuple[0]).sort()).toEqual([...words].sort());
          expect(storm.counts.heartbeatsSent).toBe(heartbeats);
        } finally {
          await storm.dispose();
        }
      }),
      { numRuns: RUNS },
    );
    console.info(`runner fuzz (bolt, emitWithTaskIds): ${cases} cases`);
    expect(cases).toBeGreaterThanOrEqual(RUNS);
  });

  it('BasicBolt: random values (some throwing), ticks and heartbeats, randomly chunked', async () => {
    let cases = 0;
    const action = fc.oneof(
      fc.integer({ min: -3, max: 1000 }).map((n) => ({ kind: 'tuple' as const, n })),
      fc.constant({ kind: 'tick' as const }),
      fc.constant({ kind: 'heartbeat' as const }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(action, { maxLength: 60 }), chunkSizes, async (actions, sizes) => {
        cases++;
        const storm = await start(basic, 'doubler', sizes);
        try {
          const expected: Array<'ack' | 'fail'> = [];
          const outcomes: Array<Promise<'ack' | 'fail'>> = [];
          for (const a of actions) {
            if (a.kind === 'tuple') {
              expected.push(a.n < 0 ? 'fail' : 'ack');
              outcomes.push(storm.process([a.n]));
            } else if (a.kind === 'tick') outcomes.push(Promise.resolve(storm.sendTick(1)).then(() => 'ack' as const));
            else storm.sendHeartbeat();
          }
          await storm.waitFor('every input settled', () => storm.pendingInputs === 0 && storm.outstandingHeartbeats === 0, {
            timeoutMs: 5000,
          });
          const tuples = await Promise.all(outcomes);
          expect(tuples.filter((o) => o === 'fail')).toHaveLength(expected.filter((o) => o === 'fail').length);
          const doubled = actions.flatMap((a) => (a.kind === 'tuple' && a.n >= 0 ? [[a.n * 2]] : []));
          expect(storm.emits.map((e) => e.tuple)).toEqual(doubled);
          expect(storm.errors).toHaveLength(expected.filter((o) => o === 'fail').length);
          expect((await storm.stop()).code).toBe(EXIT_CODES.EOF);
        } finally {
          await storm.dispose();
        }
      }),
      { numRuns: RUNS },
    );
    console.info(`runner fuzz (BasicBolt): ${cases} cases`);
    expect(cases).toBeGreaterThanOrEqual(RUNS);
  });

  it('spout: random next / ack / fail / deactivate+activate sequences, randomly chunked; sync always', async () => {
    let cases = 0;
    const action = fc.oneof(
      { weight: 5, arbitrary: fc.constant({ kind: 'next' as const }) },
      { weight: 2, arbitrary: fc.nat().map((pick) => ({ kind: 'ack' as const, pick })) },
      { weight: 2, arbitrary: fc.nat().map((pick) => ({ kind: 'fail' as const, pick })) },
      { weight: 1, arbitrary: fc.constant({ kind: 'reactivate' as const }) },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(action, { maxLength: 40 }), chunkSizes, async (actions, sizes) => {
        cases++;
        const storm = await start(batches, 'batches', sizes);
        try {
          await storm.activate();
          const outstanding: unknown[] = [];
          const expectedLogs: string[] = ['activated'];
          let emitted = 0;
          for (const a of actions) {
            if (a.kind === 'next') {
              const r = await storm.next();
              for (const e of r.emits) if (e.id !== undefined) outstanding.push(e.id);
              emitted += r.emits.filter((e) => e.stream === 'default').length;
            } else if (a.kind === 'reactivate') {
              await storm.deactivate();
              await storm.activate();
              expectedLogs.push('deactivated', 'activated');
            } else if (outstanding.length > 0) {
              const [id] = outstanding.splice(a.pick % outstanding.length, 1);
              if (a.kind === 'ack') await storm.ackSpout(id);
              else await storm.failSpout(id);
              expectedLogs.push(`${a.kind === 'ack' ? 'acked' : 'failed'} ${String(id)}`);
            }
          }
          expect(storm.logs.map((l) => l.msg)).toEqual(expectedLogs);
          const ids = storm.emits.filter((e) => e.stream === 'default').map((e) => e.id);
          expect(ids).toEqual(Array.from({ length: emitted }, (_, n) => `m${n}`));
          expect((await storm.stop()).code).toBe(EXIT_CODES.EOF);
        } finally {
          await storm.dispose();
        }
      }),
      { numRuns: RUNS },
    );
    console.info(`runner fuzz (spout): ${cases} cases`);
    expect(cases).toBeGreaterThanOrEqual(RUNS);
  });

  it('random bytes after the handshake: a documented exit code, never a hang, only whole frames on stdout', async () => {
    let cases = 0;
    const codes = new Set<number>(Object.values(EXIT_CODES));
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), fc.boolean(), chunkSizes, async (bytes, withEnd, sizes) => {
        cases++;
        const storm = await start(passthrough, 'pass', sizes);
        try {
          storm.expectExit();
          await storm.writeRaw(Buffer.concat([Buffer.from(bytes), Buffer.from(withEnd ? '\nend\n' : '')]));
          storm.closeStdin();
          const exit = await storm.waitForExit(5000);
          expect(codes.has(exit.code ?? -1)).toBe(true);
          expect(exit.trailing).toBe('');
          if (exit.code !== EXIT_CODES.EOF) expect(storm.errors.length).toBe(1);
          // Whatever the bytes, the runner wrote only frames the fake Storm accepted.
          storm.assertHealthy();
        } finally {
          await storm.dispose();
        }
      }),
      { numRuns: RUNS * 2 },
    );
    console.info(`runner fuzz (random bytes): ${cases} cases`);
    expect(cases).toBeGreaterThanOrEqual(RUNS * 2);
  });
});
