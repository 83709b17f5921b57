// The harness suite for bolts: `twinstorm component` driven as Storm's ShellBolt drives a child.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startComponent } from './support/runner.ts';

describe('twinstorm component (bolt) under the fake Storm', () => {
  it('handshake: creates the pid file and replies with its own pid; context from Storm', async () => {
    const storm = await startComponent('passthrough.ts', 'pass');
    try {
      expect(storm.pid).toBeGreaterThan(0);
      expect(existsSync(join(storm.handshake.pidDir, String(storm.pid)))).toBe(true);
      expect(await storm.process([1])).toBe('ack');
      await storm.stop();
    } finally {
      await storm.dispose();
    }
  });

  it('pass-through: one anchored emit per tuple, then ack; Storm`s 64-bit string ids echoed exactly; no task ids asked', async () => {
    const storm = await startComponent('passthrough.ts', 'pass', { heartbeatReplyWithinMs: 1000 });
    try {
      const ids = Array.from({ length: 200 }, (_, n) => storm.sendTuple([n]));
      await storm.waitFor('200 acks', () => storm.counts.acks === 200);
      expect(new Set(storm.acks.map((a) => a.id))).toEqual(new Set(ids));
      expect(storm.emits.map((e) => e.anchors)).toEqual(ids.map((id) => [id]));
      expect(storm.emits.map((e) => e.tuple)).toEqual(ids.map((_, n) => [n]));
      expect(storm.emits.every((e) => !e.needTaskIds)).toBe(true);
      expect(storm.counts.taskIdReplies).toBe(0);
      await storm.stop();
    } finally {
      await storm.dispose();
    }
  });

  it('async bolts: overlapping executions complete out of order; acks and fails each exactly once', async () => {
    const storm = await startComponent('async-bolt.ts', 'async', { heartbeatReplyWithinMs: 1000 });
    try {
      const values = Array.from({ length: 100 }, (_, n) => (n % 10 === 0 ? 'fail' : `v${n}`));
      const outcomes = await Promise.all(values.map((v) => storm.process([v])));
      expect(outcomes.filter((o) => o === 'fail')).toHaveLength(10);
      expect(storm.counts.acks + storm.counts.fails).toBe(100);
      const order = storm.emits.map((e) => e.tuple[0]);
      expect(order).not.toEqual(values); // random delays: completion order differs from arrival order
      expect([...order].sort()).toEqual([...values].sort());
      await storm.stop();
    } finally {
      await storm.dispose();
    }
  });

  it('a bolt whose execute awaits 5 s still answers every heartbeat within 1 s', async () => {
    const storm = await startComponent('slow-bolt.ts', 'slow', { heartbeatReplyWithinMs: 1000 });
    try {
      const outcome = storm.process([42]);
      await storm.waitFor('the 5 s execute to finish', () => storm.counts.acks === 1, { timeoutMs: 9000 });
      expect(await outcome).toBe('ack');
      expect(storm.heartbeatLatencies.length).toBeGreaterThanOrEqual(4);
      expect(Math.max(...storm.heartbeatLatencies)).toBeLessThan(1000);
      expect(storm.emits[0]?.tuple).toEqual([42]);
      await storm.stop();
    } finally {
      await storm.dispose();
    }
  });

  it('task ids: emitWithTaskIds gets Storm`s replies in FIFO order, interleaved with tuples and heartbeats', async () => {
    const storm = await startComponent('task-ids.ts', 'tasker', { heartbeatIntervalMs: 50, heartbeatReplyWithinMs: 1000 });
    try {
      const words = Array.from({ length: 150 }, (_, i) => `w${i % 37}`);
      const outcomes: Array<Promise<'ack' | 'fail'>> = [];
      for (let wave = 0; wave < 5; wave++) {
        // Waves 80 ms apart, heartbeats every 50 ms: replies, tuples and heartbeats interleave on stdin.
        outcomes.push(...words.slice(wave * 30, wave * 30 + 30).map((w) => storm.process([w])));
        await new Promise((resolve) => setTimeout(resolve, 80));
      }
      expect(new Set(await Promise.all(outcomes))).toEqual(new Set(['ack']));
      const asked = storm.emits.filter((e) => e.stream === 'default');
      const reported = storm.emits.filter((e) => e.stream === 'ids');
      expect(asked.every((e) => e.needTaskIds)).toBe(true);
      expect(reported.every((e) => !e.needTaskIds)).toBe(true);
      // What each execute reported equals what the fake Storm answered to that word's emit.
      const answered = new Map(asked.map((e) => [e.anchors[0], (e.taskIds ?? []).join(',')]));
      for (const r of reported) expect(r.tuple[1]).toBe(answered.get(r.anchors[0]));
      expect(reported).toHaveLength(150);
      expect(storm.heartbeatLatencies.length).toBeGreaterThan(3);
      await storm.stop();
    } finally {
      await storm.dispose();
    }
  });

  it('tick tuples are acked; heartbeats are answered with sync and never acked', async () => {
    const storm = await startComponent('basic-bolt.ts', 'doubler', { heartbeatIntervalMs: 100, heartbeatReplyWithinMs: 1000 });
    try {
      const ticks = [storm.sendTick(1), storm.sendTick(1)];
      expect(await storm.process([21])).toBe('ack');
      await storm.waitFor('both ticks acked', () => ticks.every((id) => storm.acks.some((a) => a.id === id)));
      await storm.waitFor('3 heartbeats answered', () => storm.heartbeatLatencies.length >= 3);
      // An ack of a heartbeat id would have been fatal (unknown id); no tick produced an emit.
      expect(storm.emits.map((e) => e.tuple)).toEqual([[42]]);
      await storm.stop();
    } finally {
      await storm.dispose();
    }
  });

  it('a throwing execute fails the tuple and reports the error; the task goes on', async () => {
    const storm = await startComponent('execute-throws.ts', 'picky');
    try {
      expect(await storm.process([-1])).toBe('fail');
      expect(await storm.process([2])).toBe('ack');
      expect(storm.errors.map((e) => e.msg).join('\n')).toContain('cannot take -1');
      await storm.stop();
    } finally {
      await storm.dispose();
    }
  });

  it('BasicBolt: a throw fails the input and reports the error; emits are anchored to the input', async () => {
    const storm = await startComponent('basic-bolt.ts', 'doubler');
    try {
      expect(await storm.process([-5])).toBe('fail');
      const id = storm.sendTuple([4]);
      await storm.waitFor('the ack', () => storm.acks.some((a) => a.id === id));
      expect(storm.emits.at(-1)).toMatchObject({ tuple: [8], anchors: [id] });
      expect(storm.errors.map((e) => e.msg).join('\n')).toContain('negative input -5');
      await storm.stop();
    } finally {
      await storm.dispose();
    }
  });
});
