// The harness fails on everything Storm kills the worker for: one raw fixture child per failure mode.
import { Bolt, Spout, TopologyBuilder } from '@twinstorm/core';
import { describe, expect, it } from 'vitest';
import { FakeStorm, type FakeStormOptions, type FatalReason } from './harness/index.ts';
import { rawChild } from './support/children.ts';

class Src extends Spout {
  static outputFields = ['n'];
  nextTuple(): void {}
}
class Subject extends Bolt {
  static outputs = { default: ['n'], pick: { fields: ['n'], direct: true } };
  execute(): void {}
}
class Down extends Bolt {
  execute(): void {}
}

const b = new TopologyBuilder();
b.setSpout('src', Src, 1);
b.setBolt('subject', Subject, 1).shuffleGrouping('src');
b.setBolt('down', Down, 2).directGrouping('subject', 'pick').shuffleGrouping('subject');
const spec = b.createTopology('shapes', {}).spec;

async function fatalOf(
  fixture: string,
  extra: Partial<FakeStormOptions> = {},
  drive?: (s: FakeStorm) => unknown,
): Promise<FatalReason | undefined> {
  const storm = await FakeStorm.start({ spec, componentId: 'subject', ...rawChild(fixture), ...extra });
  try {
    if (drive) await Promise.resolve(drive(storm)).catch(() => undefined);
    else storm.sendTuple([7]);
    await storm.waitFor('a fatal condition', () => storm.fatal, { timeoutMs: 5000, allowFatal: true });
    return storm.fatal?.reason;
  } finally {
    await storm.dispose();
  }
}

describe('FakeStorm fails the test where Storm kills the worker', () => {
  it.each<[string, FatalReason]>([
    ['stdout-garbage', 'invalid-json'],
    ['ack-unknown', 'unknown-id'],
    ['ack-twice', 'unknown-id'],
    ['anchor-acked', 'anchor-unknown-id'],
    ['unknown-stream', 'unknown-stream'],
    ['wrong-field-count', 'wrong-field-count'],
    ['missing-command', 'missing-command'],
    ['non-object', 'not-an-object'],
    ['exits', 'child-exit'],
  ])('%s -> %s', async (fixture, reason) => {
    expect(await fatalOf(fixture)).toBe(reason);
  });

  it('a heartbeat acked instead of synced is an unknown id', async () => {
    const reason = await fatalOf('ack-heartbeat', { heartbeatIntervalMs: 100 }, () => undefined);
    expect(reason).toBe('unknown-id');
  });

  it('unanswered heartbeats: late under the harness deadline, a timeout under Storm`s own rule', async () => {
    expect(await fatalOf('silent', { heartbeatIntervalMs: 200, heartbeatReplyWithinMs: 500 }, () => undefined)).toBe('heartbeat-late');
    expect(await fatalOf('silent', { heartbeatIntervalMs: 200, subprocessTimeoutMs: 800 }, () => undefined)).toBe('heartbeat-timeout');
  });

  it('direct emits: fatal with the stock serializer (Integer->Long), accepted with ours', async () => {
    expect(await fatalOf('direct-emit', { serializer: 'stock' })).toBe('direct-emit');
    const storm = await FakeStorm.start({ spec, componentId: 'subject', ...rawChild('direct-emit') });
    try {
      expect(await storm.process([1])).toBe('ack');
      expect(storm.emits[0]).toMatchObject({ stream: 'pick', task: 3, taskIds: undefined });
      await storm.stop();
    } finally {
      await storm.dispose();
    }
  });

  it.each([
    ['wrong-pid', /handshake pid \d+ is not the child's pid/],
    ['no-pid-file', /no pid file/],
  ])('handshake: %s', async (fixture, message) => {
    await expect(FakeStorm.start({ spec, componentId: 'subject', ...rawChild(fixture) })).rejects.toThrow(message);
  });

  it.each<[string, FatalReason, (s: FakeStorm) => Promise<unknown>]>([
    ['spout-unsolicited', 'spout-unsolicited', (s) => s.activate()],
    ['spout-unknown-command', 'unknown-command', async (s) => (await s.activate(), s.next())],
    ['spout-no-sync', 'spout-timeout', async (s) => (await s.activate(), s.next())],
  ])('spout %s -> %s', async (fixture, reason, drive) => {
    const storm = await FakeStorm.start({ spec, componentId: 'src', ...rawChild(fixture), subprocessTimeoutMs: 1000 });
    try {
      await drive(storm).catch(() => undefined);
      await storm.waitFor('a fatal condition', () => storm.fatal, { timeoutMs: 5000, allowFatal: true });
      expect(storm.fatal?.reason).toBe(reason);
      expect(storm.fatal?.message).toContain('fake Storm diagnostics');
    } finally {
      await storm.dispose();
    }
  });

  it('a wait that times out dumps recent frames and the stderr tail', async () => {
    const storm = await FakeStorm.start({ spec, componentId: 'subject', ...rawChild('silent'), heartbeatIntervalMs: 0 });
    try {
      storm.sendTuple([1]);
      await expect(storm.waitFor('an ack that never comes', () => storm.counts.acks > 0, { timeoutMs: 200 })).rejects.toThrow(
        /timed out after 200 ms waiting for an ack that never comes[\s\S]*recent frames[\s\S]*"tuple":\[1\][\s\S]*stderr tail/,
      );
    } finally {
      await storm.dispose();
    }
  });
});
