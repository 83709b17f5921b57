/**
 * Supervision of shell components: what Storm kills the worker for (child exit, heartbeat timeout, protocol
 * violations) is reported with component, task and cause, the tuples the child held are failed so the spout
 * replays them, the child is respawned, and the run stays up and loses nothing. One fixture per failure mode.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TopologyBuilder, type Conf } from '@twinstorm/core';
import type { ComponentErrorEvent } from '@twinstorm/local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MultilangError, shellBolt, shellSpout, type MultilangErrorCode } from '../../src/index.ts';
import { COLLECT_CONF, COUNT_CONF, CollectBolt, collected, FAST_SUPERVISION, fixture, NumberSpout, start, withRun } from './support.ts';
import { waitFor } from '@twinstorm/core/testing';

let markers = '';
beforeAll(async () => {
  markers = await mkdtemp(join(tmpdir(), 'twinstorm-markers-'));
});
afterAll(async () => {
  await rm(markers, { recursive: true, force: true });
});

const all = (count: number): Set<number> => new Set(Array.from({ length: count }, (_, i) => i));
const codeOf = (e: ComponentErrorEvent): MultilangErrorCode | undefined => (e.error instanceof MultilangError ? e.error.code : undefined);

/** NumberSpout -> a fixture bolt (1 task) -> CollectBolt. */
function boltTopology(key: string, script: string, count: number, conf: Conf = {}, env: Record<string, string> = {}) {
  const b = new TopologyBuilder();
  b.setSpout('numbers', NumberSpout);
  b.setBolt('echo', shellBolt({ command: process.execPath, args: [fixture(script)], env, outputFields: ['n'] })).shuffleGrouping('numbers');
  b.setBolt('collect', CollectBolt).globalGrouping('echo');
  return b.createTopology('supervision', {
    ...FAST_SUPERVISION,
    [COUNT_CONF]: count,
    [COLLECT_CONF]: key,
    'topology.max.spout.pending': 20,
    ...conf,
  });
}

/** Runs until every number is acked; returns the errors and logs. */
async function runToCompletion(key: string, script: string, count: number, conf: Conf = {}) {
  const env = { FIXTURE_MARKER: join(markers, key) };
  const { summary, harness } = await withRun(boltTopology(key, script, count, conf, env), {}, async (h) => {
    await waitFor(() => h.run.snapshot().spoutTuples.acked >= count, 30_000, `${count} trees acked`, h);
  });
  expect(summary.spoutTuples.acked).toBe(count);
  expect(new Set(collected.get(key))).toEqual(all(count));
  expect(
    harness.logs.some((l) => l.component === 'echo' && l.message.startsWith('respawned subprocess')),
    harness.dump(),
  ).toBe(true);
  return { summary, harness };
}

describe('ShellBolt supervision', () => {
  it('a child that exits mid-run: error with cause and stderr, its tuples failed and replayed, respawned, nothing lost', async () => {
    const { summary, harness } = await runToCompletion('exit', 'exit-mid-run.mjs', 200);
    expect(harness.errors, harness.dump()).toHaveLength(1);
    const [error] = harness.errors;
    expect(codeOf(error!)).toBe('E_SUBPROCESS');
    expect(error!.message).toMatch(
      /^component "echo", task \d+: subprocess `.+exit-mid-run\.mjs` \(pid \d+\) exited with code 3; failed the \d+ tuple\(s\) it held/,
    );
    expect(error!.message).toContain('fixture: exiting on purpose at tuple 20');
    expect(summary.spoutTuples.failed).toBeGreaterThan(0);
  });

  it('a child that stops heartbeating: timeout after topology.subprocess.timeout.secs, then respawn', async () => {
    const { harness } = await runToCompletion('silent', 'no-heartbeat.mjs', 100, { 'topology.subprocess.timeout.secs': 1 });
    expect(harness.errors.map(codeOf), harness.dump()).toEqual(['E_HEARTBEAT_TIMEOUT']);
    expect(harness.errors[0]!.message).toContain('subprocess heartbeat timeout (1 s');
    expect(harness.errors[0]!.message).toContain('fixture: going silent');
  });

  it.each<[string, MultilangErrorCode, string]>([
    ['invalid-json.mjs', 'E_MALFORMED_FRAME', 'broke the protocol'],
    ['not-an-object.mjs', 'E_NOT_AN_OBJECT', 'which is not a JSON object'],
    ['ack-unknown-id.mjs', 'E_PROTOCOL', 'acked a non-existent or already acked/failed id: "no-such-id"'],
    ['anchor-acked.mjs', 'E_PROTOCOL', 'after ack/fail'],
    ['unknown-stream.mjs', 'E_PROTOCOL', 'stream "nope"'],
  ])('protocol violation %s: reported as %s, child replaced, nothing lost', async (script, code, fragment) => {
    const { harness } = await runToCompletion(`violation-${script}`, script, 100);
    expect(harness.errors.map(codeOf), harness.dump()).toEqual([code]);
    expect(harness.errors[0]!.message).toContain(fragment);
    expect(harness.errors[0]!.message).toMatch(/^component "echo", task \d+: subprocess/);
  });

  it('stops respawning after too many failures in the window, says so, and keeps the run up', async () => {
    const key = 'crash-loop';
    const topology = boltTopology(key, 'always-exit.mjs', 50, { 'twinstorm.shell.max.restarts': 2 });
    const { harness } = await withRun(topology, {}, async (h) => {
      await waitFor(() => h.errors.some((e) => codeOf(e) === 'E_RESPAWN_LIMIT'), 20_000, 'the respawn limit', h);
      // Tuples keep flowing into the dead task and are failed at once: the spout keeps replaying, nothing hangs.
      const failed = h.run.snapshot().spoutTuples.failed;
      await waitFor(() => h.run.snapshot().spoutTuples.failed > failed + 10, 10_000, 'more failed trees', h);
    });
    const codes = harness.errors.map(codeOf);
    expect(codes, harness.dump()).toEqual(['E_SUBPROCESS', 'E_SUBPROCESS', 'E_SUBPROCESS', 'E_RESPAWN_LIMIT']);
    expect(harness.errors[3]!.message).toContain('failed 3 times within 60 s; not respawning it again');
  });

  it('a start failure (no such command) fails the run start, naming component, task and command', async () => {
    const b = new TopologyBuilder();
    b.setSpout('numbers', NumberSpout);
    b.setBolt('echo', shellBolt({ command: 'twinstorm-no-such-command', args: ['x'], outputFields: ['n'] })).shuffleGrouping('numbers');
    const h = start(b.createTopology('no-command'));
    await expect(h.run.started).rejects.toThrow(
      /component "echo", task \d+: prepare\(\) threw: subprocess `twinstorm-no-such-command x`: could not be started: .*ENOENT/,
    );
    const summary = await h.run.finished;
    expect(summary.stopReason).toMatch(/^start failed/);
  });

  it('a child that never answers the handshake fails the start after the subprocess timeout', async () => {
    const b = new TopologyBuilder();
    b.setSpout('numbers', NumberSpout);
    b.setBolt('echo', shellBolt({ command: process.execPath, args: [fixture('no-handshake.mjs')], outputFields: ['n'] })).shuffleGrouping(
      'numbers',
    );
    const h = start(b.createTopology('no-handshake', { ...FAST_SUPERVISION, 'topology.subprocess.timeout.secs': 1 }));
    await expect(h.run.started).rejects.toThrow(/subprocess `.+no-handshake\.mjs`: did not answer the handshake within 1000 ms/);
    expect(codeOf(h.errors[0]!)).toBe('E_HEARTBEAT_TIMEOUT');
    await h.run.finished;
  });
});

describe('ShellSpout supervision', () => {
  /** A fixture spout (1 task) -> CollectBolt. */
  async function runSpout(key: string, script: string, count: number, conf: Conf = {}) {
    const b = new TopologyBuilder();
    const env = { FIXTURE_MARKER: join(markers, key), FIXTURE_COUNT: String(count) };
    b.setSpout('numbers', shellSpout({ command: process.execPath, args: [fixture(script)], env, outputFields: ['n'] }));
    b.setBolt('collect', CollectBolt).globalGrouping('numbers');
    const topology = b.createTopology('spout-supervision', { ...FAST_SUPERVISION, [COLLECT_CONF]: key, ...conf });
    return withRun(topology, {}, async (h) => {
      await waitFor(() => all(count).size === new Set(collected.get(key)).size, 30_000, `all ${count} numbers collected`, h);
      await waitFor(() => h.run.isIdle(), 10_000, 'the run to go idle', h);
    });
  }

  it('drives a spout request by request; every reliable emit is acked back to it', async () => {
    const { summary, harness } = await runSpout('spout-ok', 'numbers-spout.mjs', 300);
    expect(harness.errors, harness.dump()).toEqual([]);
    expect(summary.spoutTuples).toMatchObject({ acked: 300, failed: 0 });
    expect(collected.get('spout-ok')).toHaveLength(300);
  });

  it('a spout sending a bolt-only command is replaced; the run goes on', async () => {
    const { harness } = await runSpout('spout-bad', 'spout-bad-command.mjs', 50);
    expect(harness.errors.map(codeOf), harness.dump()).toEqual(['E_UNKNOWN_COMMAND']);
    expect(harness.errors[0]!.message).toMatch(/^component "numbers", task \d+: subprocess .* sent command "ack": a spout may send only/);
    expect(new Set(collected.get('spout-bad'))).toEqual(all(50));
  });

  it('a spout that stops answering times out and is replaced', async () => {
    const { harness } = await runSpout('spout-silent', 'spout-silent.mjs', 50, { 'topology.subprocess.timeout.secs': 1 });
    expect(harness.errors.map(codeOf), harness.dump()).toEqual(['E_HEARTBEAT_TIMEOUT']);
    expect(harness.errors[0]!.message).toContain('did not answer "next" within 1 s');
    expect(harness.errors[0]!.message).toContain('fixture: spout going silent');
    expect(new Set(collected.get('spout-silent'))).toEqual(all(50));
  });
});
