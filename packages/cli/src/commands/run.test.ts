import { EventEmitter } from 'node:events';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BasicBolt, Spout, TopologyBuilder, type Topology } from '@twinstorm/core';
import { fakeRun, type FakeRun } from '../../test/support/fake-run.ts';
import { CliError } from '../errors.ts';
import { fetchStatus } from '../status/status-client.ts';
import { runCommand, type RunDeps, type RunOptions } from './run.ts';

class S extends Spout {
  static readonly outputFields = ['n'];
  override nextTuple(): void {}
}
class B extends BasicBolt {
  override execute(): void {}
}
function topology(): Topology {
  const b = new TopologyBuilder();
  b.setSpout('numbers', S);
  b.setBolt('sink', B).shuffleGrouping('numbers');
  return b.createTopology('numbers');
}

/** Polls until `check` returns a value, failing with a description after the deadline. */
async function eventually<T>(check: () => T | undefined, what: string, timeoutMs = 3000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

let dir = '';
beforeEach(() => {
  dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'ts-run-')), 'runs');
});
afterEach(() => rmSync(path.dirname(dir), { recursive: true, force: true }));

interface Harness {
  deps: RunDeps;
  out: string[];
  err: string[];
  signals: EventEmitter;
  exits: number[];
  run(): FakeRun | undefined;
}

function harness(opts: { autoStart?: boolean; load?: () => Promise<Topology> } = {}): Harness {
  const out: string[] = [];
  const err: string[] = [];
  const signals = new EventEmitter();
  const exits: number[] = [];
  let current: FakeRun | undefined;
  return {
    out,
    err,
    signals,
    exits,
    run: () => current,
    deps: {
      load: opts.load ?? (() => Promise.resolve(topology())),
      start: (t, options) => (current = fakeRun(t, options, opts.autoStart ?? true)),
      stdout: { write: (t: string) => void out.push(t), isTTY: false },
      stderr: { write: (t: string) => void err.push(t) },
      signals,
      exitNow: (code) => void exits.push(code),
      runtimeDir: dir,
      pid: process.pid,
    },
  };
}

const base: RunOptions = { export: 'default', untilIdle: false, json: false, conf: {} };

describe('twinstorm run', () => {
  it('--json prints exactly one JSON document: the final snapshot; --max-tuples goes to the engine', async () => {
    const h = harness();
    const done = runCommand('topo.ts', { ...base, json: true, maxTuples: 1000, conf: { 'topology.debug': true } }, h.deps);
    const run = await eventually(() => h.run(), 'the run');
    expect(run.options.conf).toEqual({ 'topology.debug': true });
    expect(run.options.maxTuples).toBe(1000);
    expect(typeof run.options.onError).toBe('function');
    expect(run.options.onLog).toBeUndefined(); // the engine's own stderr logging, outside the live view
    run.finish('max tuples reached');
    expect(await done).toBe(0);
    expect(h.out).toHaveLength(1);
    const parsed = JSON.parse(h.out[0] ?? '') as { topology: string; stopReason: string };
    expect(parsed).toMatchObject({ topology: 'numbers', stopReason: 'max tuples reached' });
    expect(run.stopReasons).toEqual([]);
  });

  it('--strict goes to the engine; without it the engine is not told (the conf key decides)', async () => {
    for (const strict of [true, undefined]) {
      const h = harness();
      const done = runCommand('topo.ts', { ...base, json: true, ...(strict === undefined ? {} : { strict }) }, h.deps);
      const run = await eventually(() => h.run(), 'the run');
      expect(run.options.strict).toBe(strict);
      run.finish('max tuples reached');
      expect(await done).toBe(0);
    }
  });

  it('stops gracefully after --duration and prints the summary table without a terminal', async () => {
    const h = harness();
    expect(await runCommand('topo.ts', { ...base, durationMs: 50 }, h.deps)).toBe(0);
    expect(h.run()?.stopReasons).toEqual(['duration 0.05s elapsed']);
    const text = h.out.join('');
    expect(text).toContain('stopped (duration 0.05s elapsed)');
    expect(text).toContain('│ numbers ');
  });

  it('--until-idle stops once the run stays idle', async () => {
    const h = harness();
    const done = runCommand('topo.ts', { ...base, untilIdle: true }, h.deps);
    const run = await eventually(() => h.run(), 'the run');
    await new Promise((r) => setTimeout(r, 100));
    expect(run.stopReasons).toEqual([]);
    run.idle = true;
    expect(await done).toBe(0);
    expect(run.stopReasons).toEqual(['idle']);
  });

  it('drains on the first Ctrl-C, exits at once on the second', async () => {
    const h = harness();
    const done = runCommand('topo.ts', base, h.deps);
    await eventually(() => (h.err.some((l) => l.includes('status on unix:')) ? true : undefined), 'the announcement');
    const run = h.run();
    // Make stop() hang so the second signal arrives during the drain.
    let releaseStop!: () => void;
    const original = run!.stop;
    run!.stop = (reason) => new Promise((resolve) => (releaseStop = () => void original(reason).then(resolve)));
    h.signals.emit('SIGINT');
    await eventually(() => (releaseStop === undefined ? undefined : true), 'stop()');
    expect(h.err.join('')).toContain('SIGINT: stopping, draining pending tuples');
    h.signals.emit('SIGINT');
    expect(h.exits).toEqual([130]);
    expect(readdirSync(dir)).toEqual([]); // cleaned up before exiting
    releaseStop();
    expect(await done).toBe(0);
    expect(run!.stopReasons).toEqual(['interrupted (SIGINT)']);
  });

  it('exits at once on a signal that arrives while a --duration stop drains', async () => {
    const h = harness();
    let stopCalled = false;
    const done = runCommand('topo.ts', { ...base, durationMs: 20 }, h.deps);
    const run = await eventually(() => h.run(), 'the run');
    const original = run.stop;
    let releaseStop!: () => void;
    run.stop = (reason) => ((stopCalled = true), new Promise((resolve) => (releaseStop = () => void original(reason).then(resolve))));
    await eventually(() => stopCalled || undefined, 'stop()');
    h.signals.emit('SIGINT');
    expect(h.exits).toEqual([130]);
    expect(h.err.join('')).toContain('SIGINT: exiting now');
    releaseStop();
    await done;
  });

  it('prints component errors as single lines once started', async () => {
    const h = harness({ autoStart: false });
    const done = runCommand('topo.ts', { ...base, durationMs: 50 }, h.deps);
    const run = await eventually(() => h.run(), 'the run');
    const error = new Error('boom\n  at somewhere');
    run.options.onError?.({ component: 'sum', task: 3, message: error.message, time: 0, error });
    expect(h.err.join('')).not.toContain('boom'); // held back until the start outcome is known
    run.resolveStarted();
    expect(await done).toBe(0);
    expect(h.err.join('')).toContain('twinstorm: error: component "sum", task 3: boom (TWINSTORM_DEBUG=1 prints stacks)\n');
    expect(h.err.join('')).not.toContain('somewhere');
  });

  it('exits at once on a signal that arrives before the run exists', async () => {
    let releaseLoad!: (t: Topology) => void;
    const h = harness({ load: () => new Promise((resolve) => (releaseLoad = resolve)) });
    const done = runCommand('topo.ts', base, h.deps);
    h.signals.emit('SIGTERM');
    expect(h.exits).toEqual([130]);
    // The fake exitNow returns; let the command run on and finish so the test leaves nothing behind.
    releaseLoad(topology());
    (await eventually(() => h.run(), 'the run')).finish();
    await done;
  });

  it('fails with one clear error when the topology does not start, and cleans up', async () => {
    const h = harness({ autoStart: false });
    const done = runCommand('topo.ts', { ...base, json: true }, h.deps);
    const run = await eventually(() => h.run(), 'the run');
    run.rejectStarted(new Error('component "numbers", task 1: open() threw: no database'));
    const error = await done.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).code).toBe('E_START_FAILED');
    expect((error as Error).message).toBe('the topology failed to start: component "numbers", task 1: open() threw: no database');
    expect(h.out).toEqual([]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('serves its status under --name while running, and unregisters at the end', async () => {
    const h = harness();
    const done = runCommand('topo.ts', { ...base, name: 'demo' }, h.deps);
    const line = await eventually(() => h.err.find((l) => l.includes('status on unix:')), 'the announcement');
    const socket = /unix:(\S+)/.exec(line)?.[1] ?? '';
    expect(path.basename(socket)).toBe(`demo-${process.pid}.sock`);
    expect(readdirSync(dir).sort()).toEqual([`demo-${process.pid}.json`, `demo-${process.pid}.sock`]);
    const status = await fetchStatus(socket);
    expect(status).toMatchObject({ name: 'demo', pid: process.pid, topology: 'numbers', state: 'running' });
    h.run()?.finish();
    expect(await done).toBe(0);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('lets load errors through unchanged', async () => {
    const h = harness({ load: () => Promise.reject(new Error('topo.ts has no default export')) });
    await expect(runCommand('topo.ts', base, h.deps)).rejects.toThrow('topo.ts has no default export');
    expect(h.run()).toBeUndefined();
    expect(h.signals.listenerCount('SIGINT')).toBe(0);
  });
});
