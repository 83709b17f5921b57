import { describe, expect, it } from 'vitest';
import topology from './fixtures/topology.ts';
import { commands, runInMemory } from './fixtures/in-memory-runner.ts';

const names = (frames: readonly unknown[]) =>
  frames.map((f) => (Array.isArray(f) ? 'ids' : ((f as { command?: string }).command ?? 'pid')));

describe('spout runner', () => {
  it('answers activate / next / ack / fail with emits then sync, giving msgIds back as they were emitted', async () => {
    const storm = runInMemory(topology, 'numbers');
    storm.handshake();
    storm.send({ command: 'activate', id: '' });
    await storm.waitFor((f) => commands(f, 'sync').length === 1, 'the activate sync');
    for (let i = 0; i < 4; i++) {
      storm.send({ command: 'next', id: '' });
      await storm.waitFor((f) => commands(f, 'sync').length === 2 + i, `sync ${2 + i}`);
    }
    const emits = commands(storm.frames, 'emit');
    expect(emits).toEqual([
      { command: 'emit', tuple: [0], id: 0, need_task_ids: false },
      { command: 'emit', tuple: [1], id: 1, need_task_ids: false },
      { command: 'emit', stream: 'odd', tuple: [1], need_task_ids: false },
      { command: 'emit', tuple: [2], id: { 'twinstorm.msgId': 1 }, need_task_ids: false },
    ]);
    // Storm echoes the id it parsed; the object msgId comes back by its token.
    storm.send({ command: 'ack', id: 0 });
    storm.send({ command: 'fail', id: { 'twinstorm.msgId': 1 } });
    await storm.waitFor((f) => commands(f, 'sync').length === 7, 'ack and fail syncs');
    const logs = commands(storm.frames, 'log').map((l) => l['msg']);
    expect(logs).toEqual([expect.stringMatching(/^open task \d+ index 0$/), 'acked 0', 'failed {"key":"two","n":2}']);
    expect(names(storm.frames)).toEqual([
      'pid',
      'log',
      'sync',
      'emit',
      'sync',
      'emit',
      'emit',
      'sync',
      'emit',
      'sync',
      'sync',
      'log',
      'sync',
      'log',
      'sync',
    ]);
    storm.input.end();
    expect(await storm.exit).toBe(0);
  });

  it('backs off about a millisecond before the sync of a next that emitted nothing', async () => {
    const storm = runInMemory(topology, 'numbers', { idleBackoffMs: 30 });
    storm.handshake();
    for (let i = 0; i < 3; i++) storm.send({ command: 'next', id: '' });
    await storm.waitFor((f) => commands(f, 'sync').length === 3, 'three syncs');
    const started = Date.now();
    storm.send({ command: 'next', id: '' });
    await storm.waitFor((f) => commands(f, 'sync').length === 4, 'the idle sync');
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    storm.input.end();
    await storm.exit;
  });

  it('supports an async nextTuple that waits for its task ids before the sync', async () => {
    const storm = runInMemory(topology, 'async-spout');
    storm.handshake();
    storm.send({ command: 'next', id: '' });
    await storm.waitFor((f) => commands(f, 'emit').length === 1, 'the emit');
    expect(commands(storm.frames, 'emit')[0]).toEqual({ command: 'emit', tuple: [1], id: 'a', need_task_ids: true });
    expect(commands(storm.frames, 'sync')).toEqual([]);
    storm.send([11]);
    await storm.waitFor((f) => commands(f, 'sync').length === 1, 'the sync');
    expect(names(storm.frames)).toEqual(['pid', 'emit', 'log', 'sync']);
    expect(commands(storm.frames, 'log')[0]?.['msg']).toBe('ids 11');
    storm.input.end();
    await storm.exit;
  });

  it('reports a throw in nextTuple, then exits with E_USER_CODE', async () => {
    const storm = runInMemory(topology, 'throwing-spout');
    storm.handshake();
    storm.send({ command: 'next', id: '' });
    expect(await storm.exit).toBe(30);
    expect(commands(storm.frames, 'error')[0]?.['msg']).toMatch(/nextTuple\(\) threw: spout broke[^]*at ThrowingSpout.nextTuple/);
    expect(commands(storm.frames, 'sync')).toEqual([]);
    expect(storm.stderr()).toMatch(
      /^twinstorm component: component "throwing-spout", task \d+, pid 4242: nextTuple\(\) threw: spout broke \[E_USER_CODE, exit 30\]\n$/,
    );
  });

  it('exits with E_UNKNOWN_COMMAND on a command ShellSpout never sends', async () => {
    const storm = runInMemory(topology, 'numbers');
    storm.handshake();
    storm.send({ command: 'emit', id: '' });
    expect(await storm.exit).toBe(13);
    expect(storm.stderr()).toMatch(/unknown spout command "emit"/);
  });
});
