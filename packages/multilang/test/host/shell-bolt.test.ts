import { existsSync } from 'node:fs';
import { TopologyBuilder, type Conf } from '@twinstorm/core';
import { assignTaskIds } from '@twinstorm/core/runtime';
import { describe, expect, it } from 'vitest';
import { buildStormContext, shellBolt, type StormHandshake } from '../../src/index.ts';
import { COLLECT_CONF, COUNT_CONF, CollectBolt, collected, fixture, NumberSpout, withRun } from './support.ts';
import { waitFor } from '@twinstorm/core/testing';

function fixtureTopology(script: string, key: string, count: number, parallelism = 2, conf: Conf = {}) {
  const b = new TopologyBuilder();
  b.setSpout('numbers', NumberSpout);
  b.setBolt('echo', shellBolt({ command: process.execPath, args: [fixture(script)], outputFields: ['n'] }), parallelism).shuffleGrouping(
    'numbers',
  );
  b.setBolt('collect', CollectBolt).globalGrouping('echo');
  return b.createTopology('shell-bolt-test', { [COUNT_CONF]: count, [COLLECT_CONF]: key, 'topology.max.spout.pending': 50, ...conf });
}

const passthroughTopology = (key: string, count: number) => fixtureTopology('passthrough.mjs', key, count);

function isGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

describe('ShellBolt inside the local engine', () => {
  it('passes every tuple through the subprocess, anchored and acked, with the handshake naming the task', async () => {
    const count = 500;
    const { summary, harness } = await withRun(passthroughTopology('pass', count), {}, async (h) => {
      await waitFor(() => h.run.snapshot().spoutTuples.acked >= count, 20_000, `${count} trees acked`, h);
    });
    expect(harness.errors, harness.dump()).toEqual([]);
    expect(summary.spoutTuples).toMatchObject({ acked: count, failed: 0 });
    expect(new Set(collected.get('pass'))).toEqual(new Set(Array.from({ length: count }, (_, i) => i)));
    const greetings = harness.logs.filter((l) => l.component === 'echo' && /^task \d+ of echo, pid \d+$/.test(l.message));
    expect(greetings).toHaveLength(2);
    for (const g of greetings) expect(g.message).toMatch(new RegExp(`^task ${g.task} of echo, `));
    // stop() cleaned up: every subprocess has exited.
    for (const g of greetings) expect(isGone(Number(/pid (\d+)/.exec(g.message)![1])), g.message).toBe(true);
  });

  it("hands the child Storm's handshake: a pid dir, the task's conf (run-time conf included) and its context", async () => {
    const topology = fixtureTopology('handshake-dump.mjs', 'handshake', 0, 2);
    const { harness } = await withRun(topology, { conf: { 'test.at.run.time': 'yes' } }, async (h) => {
      await waitFor(() => h.logs.filter((l) => l.message.startsWith('handshake ')).length === 2, 10_000, 'two handshakes logged', h);
    });
    expect(harness.errors, harness.dump()).toEqual([]);
    for (const log of harness.logs.filter((l) => l.message.startsWith('handshake '))) {
      const hs = JSON.parse(log.message.slice('handshake '.length)) as StormHandshake & { pidFile: boolean; pid: number };
      expect(hs.pidFile).toBe(true);
      expect(hs.conf).toMatchObject({ 'test.at.run.time': 'yes', 'topology.name': 'shell-bolt-test', [COUNT_CONF]: 0 });
      const expected = buildStormContext(topology.spec, log.task);
      expect(hs.context.taskid).toBe(log.task);
      expect(hs.context.componentid).toBe('echo');
      expect(hs.context['task->component']).toEqual(expected['task->component']);
      expect(hs.context.streams).toEqual(expected.streams);
      expect(hs.context['stream->outputfields']).toEqual(expected['stream->outputfields']);
    }
    // The pid directories are temporary: gone once the run stopped.
    const dirs = harness.logs
      .filter((l) => l.message.startsWith('handshake '))
      .map((l) => (JSON.parse(l.message.slice(10)) as StormHandshake).pidDir);
    for (const dir of dirs) expect(existsSync(dir), dir).toBe(false);
  });

  it('handles every command: log levels, error, metrics and unknown commands (warned once), task-id replies', async () => {
    const count = 5;
    const topology = fixtureTopology('commands.mjs', 'commands', count, 1);
    const collectTask = assignTaskIds(topology.spec).get('collect')![0]!;
    const { summary, harness } = await withRun(topology, {}, async (h) => {
      await waitFor(() => h.run.snapshot().spoutTuples.acked >= count, 20_000, `${count} trees acked`, h);
    });
    expect(summary.spoutTuples).toMatchObject({ acked: count, failed: 0 });
    const echo = harness.logs.filter((l) => l.component === 'echo');
    expect(echo.filter((l) => l.message.startsWith('level ')).map((l) => [l.message, l.level])).toEqual([
      ['level 0', 'trace'],
      ['level 1', 'debug'],
      ['level 2', 'info'],
      ['level 3', 'warn'],
      ['level 4', 'error'],
    ]);
    expect(harness.errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/^component "echo", task \d+: Shell Process Exception: something went wrong, on purpose$/),
    ]);
    expect(echo.filter((l) => l.level === 'warn' && l.message.includes('"metrics"'))).toHaveLength(1);
    expect(echo.filter((l) => l.level === 'warn' && l.message.includes('unknown command "frobnicate"'))).toHaveLength(1);
    const replies = echo.filter((l) => l.message.startsWith('task ids')).map((l) => l.message);
    expect(replies.sort()).toEqual(Array.from({ length: count }, (_, n) => `task ids [${collectTask}] for [${n}]`).sort());
  });

  it('sends tick tuples to the child like any tuple (comp __system, task -1); the child acks them', async () => {
    const topology = fixtureTopology('passthrough.mjs', 'ticks', 0, 1, { 'topology.tick.tuple.freq.secs': 1 });
    const { summary, harness } = await withRun(topology, {}, async (h) => {
      await waitFor(() => (collected.get('ticks')?.length ?? 0) >= 2, 10_000, 'two ticks passed through', h);
    });
    expect(harness.errors, harness.dump()).toEqual([]);
    // The passthrough child re-emits a tick's values ([rate_secs]) and acks it.
    expect(collected.get('ticks')?.slice(0, 2)).toEqual([1, 1]);
    expect(summary.components['echo']).toMatchObject({ acked: summary.components['echo']?.executed, failed: 0 });
  });

  it('keeps at most topology.shellbolt.max.pending tuples in the child (execute waits for room)', async () => {
    const count = 300;
    const topology = fixtureTopology('batch-ack.mjs', 'batch', count, 1, { 'topology.shellbolt.max.pending': 5 });
    const { summary, harness } = await withRun(topology, {}, async (h) => {
      await waitFor(() => h.run.snapshot().spoutTuples.acked >= count, 20_000, `${count} trees acked`, h);
    });
    expect(summary.spoutTuples).toMatchObject({ acked: count, failed: 0 });
    const most = harness.logs.filter((l) => l.message.startsWith('held at most')).map((l) => Number(l.message.split(' ').pop()));
    expect(Math.max(...most), harness.dump()).toBe(5);
  });
});
