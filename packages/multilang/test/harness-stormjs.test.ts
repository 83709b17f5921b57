// The fake-Storm harness validated against Storm's official storm.js (a real multilang child): what a correct
// adapter does must pass, and record/replay must reproduce a session.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import passthrough from './fixtures/topologies/passthrough.ts';
import { FakeStorm, replayTranscript } from './harness/index.ts';
import { stormJsChild } from './support/children.ts';

const spec = passthrough.spec;

describe('FakeStorm with storm.js', () => {
  it('bolt: handshake and pid file, tuples acked, anchored emits answered with task ids, heartbeats synced', async () => {
    const child = await stormJsChild('pass-bolt');
    const storm = await FakeStorm.start({ spec, componentId: 'pass', ...child, heartbeatReplyWithinMs: 1000 });
    try {
      expect(storm.pid).toBeGreaterThan(0);
      expect(storm.handshake.context.componentid).toBe('pass');
      const ids = Array.from({ length: 50 }, (_, n) => storm.sendTuple([n]));
      await storm.waitFor('50 acks', () => storm.counts.acks === 50);
      expect(storm.acks.map((a) => a.id).sort()).toEqual([...ids].sort());
      expect(storm.emits).toHaveLength(50);
      expect(storm.emits.map((e) => e.anchors[0])).toEqual(ids);
      // storm.js never sends need_task_ids, so Storm answers every emit with the sink task the value hashes to.
      expect(storm.counts.taskIdReplies).toBe(50);
      expect(storm.emits.every((e) => e.taskIds?.length === 1 && [4, 5].includes(e.taskIds[0]!))).toBe(true);
      await storm.waitFor('two heartbeats answered', () => storm.heartbeatLatencies.length >= 2, { timeoutMs: 5000 });
      expect(Math.max(...storm.heartbeatLatencies)).toBeLessThan(1000);
      expect(storm.fails).toHaveLength(0);
      const exit = await storm.stop();
      expect(exit.trailing).toBe('');
      expect(exit.killed).toBe(false);
    } finally {
      await storm.dispose();
    }
  });

  it('bolt: tick tuples are acked like any tuple (heartbeats are not)', async () => {
    const child = await stormJsChild('pass-bolt');
    const storm = await FakeStorm.start({ spec, componentId: 'pass', ...child });
    try {
      const tick = storm.sendTick(5);
      await storm.waitFor('the tick acked', () => storm.acks.some((a) => a.id === tick));
      await storm.stop();
    } finally {
      await storm.dispose();
    }
  });

  it('spout: activate, next (emits with msgIds), ack and fail round trips, deactivate; each ends with sync', async () => {
    const child = await stormJsChild('number-spout', ['3']);
    const storm = await FakeStorm.start({ spec, componentId: 'numbers', ...child });
    try {
      await storm.activate();
      const ids: unknown[] = [];
      for (let i = 0; i < 5; i++) {
        const r = await storm.next();
        ids.push(...r.emits.map((e) => e.id));
      }
      expect(ids).toEqual([0, 1, 2]);
      expect(storm.emits.map((e) => e.tuple)).toEqual([[0], [1], [2]]);
      await storm.ackSpout(0);
      await storm.failSpout(1);
      await storm.deactivate();
      await storm.stop();
    } finally {
      await storm.dispose();
    }
  });

  it('detects a bolt that blocks its event loop past the heartbeat deadline (heartbeat-late)', async () => {
    const child = await stormJsChild('slow-bolt', ['2500']);
    const storm = await FakeStorm.start({ spec, componentId: 'pass', ...child, heartbeatReplyWithinMs: 1000 });
    try {
      storm.sendTuple([1]);
      await storm.waitFor('a fatal condition', () => storm.fatal, { timeoutMs: 6000, allowFatal: true });
      expect(storm.fatal?.reason).toBe('heartbeat-late');
    } finally {
      await storm.dispose();
    }
  });

  it('records a session as JSONL and replays it against a fresh storm.js child with identical replies', async () => {
    const child = await stormJsChild('pass-bolt');
    const storm = await FakeStorm.start({ spec, componentId: 'pass', ...child, record: true });
    let transcript: string;
    try {
      for (let n = 0; n < 10; n++) await storm.process([n]);
      await storm.waitFor('a heartbeat answered', () => storm.heartbeatLatencies.length >= 1, { timeoutMs: 5000 });
      await storm.stop();
      transcript = storm.transcript();
    } finally {
      await storm.dispose();
    }
    const lines = transcript.trim().split('\n');
    expect(JSON.parse(lines[0]!)).toMatchObject({ type: 'header', role: 'bolt', componentId: 'pass' });
    expect(lines.length).toBeGreaterThan(40); // handshake pair + 10 × (tuple, emit, task ids, ack) + heartbeat pair
    const replay = await replayTranscript(transcript, { ...(await stormJsChild('pass-bolt')) });
    expect(replay.differences).toEqual([]);
    expect(replay.actual.length).toBe(replay.expected.length);
    expect(replay.ok).toBe(true);
  });

  it('removes the pid dir and leaves no child behind on stop', async () => {
    const child = await stormJsChild('pass-bolt');
    const storm = await FakeStorm.start({ spec, componentId: 'pass', ...child });
    const pidDir = storm.handshake.pidDir;
    expect(existsSync(pidDir)).toBe(true);
    await storm.stop({ via: 'SIGTERM' });
    expect(existsSync(pidDir)).toBe(false);
    expect(() => process.kill(storm.pid, 0)).toThrow();
  });
});
