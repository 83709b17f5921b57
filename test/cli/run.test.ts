// End to end: `twinstorm run` on the real local engine, through the real bin.
import { spawnSync } from 'node:child_process';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { runTwinstorm, startTwinstorm, stopAllTwinstorms } from 'twinstorm/testing';
import { privateRuntimeDir } from './runtime-dir.ts';

interface Snapshot {
  topology: string;
  runtime: string;
  state: string;
  stopReason?: string;
  durationMs: number;
  spoutTuples: { emitted: number; acked: number; failed: number; pending: number; abandoned: number; failedInDrain?: number };
  components: Record<string, { tasks: number; executed: number; emitted: number; acked: number; failed: number; errors: number }>;
  throughput: { spoutTuplesPerSec: number; tuplesPerSec: number };
  completeLatencyMs: { p50: number; p99: number };
  workers?: unknown[];
}

const runtime = privateRuntimeDir();
afterEach(() => stopAllTwinstorms());
afterAll(() => runtime.remove());

/** stdout of a --json run must be exactly one JSON document (plus its newline). */
function onlyJson(stdout: string): Snapshot {
  expect(stdout.endsWith('\n')).toBe(true);
  expect(stdout.trimEnd().split('\n')).toHaveLength(1);
  return JSON.parse(stdout) as Snapshot;
}

describe('twinstorm run', () => {
  it('--max-tuples 1000 --json: exactly 1000 spout tuples acked, one JSON document on stdout', async () => {
    const r = await runTwinstorm(['run', 'test/cli/fixtures/numbers.ts', '--max-tuples', '1000', '--json'], runtime.env);
    expect(r.exitCode, r.stderr).toBe(0);
    const s = onlyJson(r.stdout);
    expect(s.topology).toBe('numbers');
    expect(s.runtime).toBe('local');
    expect(s.spoutTuples.acked).toBe(1000);
    expect(s.spoutTuples.failed).toBe(0);
    expect(Object.keys(s.components).sort()).toEqual(['numbers', 'odd-sink', 'square', 'sum']);
    expect(s.components['square']).toMatchObject({ tasks: 2, executed: 1000, emitted: 1500 });
    expect(s.components['odd-sink']).toMatchObject({ tasks: 1, executed: 500 });
    expect(typeof s.throughput.spoutTuplesPerSec).toBe('number');
    expect(typeof s.completeLatencyMs.p99).toBe('number');
    expect(runtime.files()).toEqual([]);
  });

  it('--until-idle stops a finite spout once everything is processed', async () => {
    const r = await runTwinstorm(['run', 'test/cli/fixtures/finite.ts', '--until-idle', '--json'], runtime.env);
    expect(r.exitCode, r.stderr).toBe(0);
    const s = onlyJson(r.stdout);
    expect(s.spoutTuples).toMatchObject({ emitted: 300, acked: 300, failed: 0, pending: 0 });
    expect(s.stopReason).toBe('idle');
  });

  it('a component calling process.exit ends the run with a line naming it, the summary and its exit code', async () => {
    const json = await runTwinstorm(['run', 'test/cli/fixtures/exits.ts', '--until-idle', '--json'], runtime.env);
    expect(json.exitCode, json.stderr).toBe(4);
    expect(json.stderr).toMatch(
      /^twinstorm: process\.exit\(4\) called by component "quitter" task 2 \(at QuittingBolt\.execute \(.*exits\.ts:\d+:\d+\)\): the engine runs in this process, so the run ends here \(exit code 4\)/m,
    );
    const s = onlyJson(json.stdout);
    expect(s.state).toBe('stopped');
    expect(s.stopReason).toBe('process.exit(4) called by component "quitter" task 2');
    expect(s.components['quitter']).toMatchObject({ executed: 100, acked: 99 });
    const table = await runTwinstorm(['run', 'test/cli/fixtures/exits.ts', '--until-idle'], runtime.env);
    expect(table.exitCode, table.stderr).toBe(4);
    expect(table.stdout).toMatch(
      /^topology exits {2}\| {2}local {2}\| {2}stopped \(process\.exit\(4\) called by component "quitter" task 2\)/,
    );
    expect(runtime.files()).toEqual([]);
  });

  it('prints a human summary table without a terminal', async () => {
    const r = await runTwinstorm(['run', 'test/cli/fixtures/plain.js', '--until-idle'], runtime.env);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^topology plain-js {2}\| {2}local {2}\| {2}stopped \(idle\)/);
    expect(r.stdout).toContain('spout tuples: acked 26, failed 0, pending 0');
    expect(r.stdout).toMatch(/│ upper +│ basic-bolt +│ +3 │/);
    expect(r.stdout).not.toContain('\u001b[');
  });

  it('--json keeps stdout clean when components write to it', async () => {
    const r = await runTwinstorm(['run', 'test/cli/fixtures/noisy.ts', '--until-idle', '--json'], runtime.env);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(onlyJson(r.stdout).spoutTuples.acked).toBe(50);
    expect(r.stderr).toContain('noisy: module loaded');
    expect(r.stderr).toContain('noisy: emitting 40');
    expect(r.stderr).toContain('noisy: bolt saw the first tuple');
  });

  it('--duration stops gracefully; --conf and --name are accepted', async () => {
    const r = await runTwinstorm(
      ['run', 'test/cli/fixtures/numbers.ts', '--duration', '0.5', '--json', '--conf', 'topology.max.spout.pending=10', '--name', 'short'],
      runtime.env,
    );
    expect(r.exitCode, r.stderr).toBe(0);
    const s = onlyJson(r.stdout);
    expect(s.stopReason).toBe('duration 0.5s elapsed');
    expect(s.spoutTuples.pending).toBe(0);
    expect(s.spoutTuples.acked).toBeGreaterThan(0);
    expect(r.stderr).toMatch(/twinstorm: run "short" status on unix:\S+short-\d+\.sock/);
  });

  it('drains on Ctrl-C and exits 0, removing its registration', async () => {
    const cli = startTwinstorm(['run', 'test/cli/fixtures/numbers.ts', '--json'], runtime.env);
    await cli.waitForStderr(/status on unix:/);
    expect(runtime.files()).toHaveLength(2);
    cli.signal('SIGINT');
    const r = await cli.result;
    expect(r.exitCode, r.stderr).toBe(0);
    const s = onlyJson(r.stdout);
    expect(s.stopReason).toBe('interrupted (SIGINT)');
    expect(s.spoutTuples.pending).toBe(0);
    expect(s.spoutTuples.acked).toBeGreaterThan(0);
    expect(runtime.files()).toEqual([]);
  });

  it('Ctrl-C: trees that fail during the drain are reported as not replayed (text and --json)', async () => {
    // In this thread, as a table and as JSON; and on 2 worker threads (spout and bolt declared heavy, so one on each).
    const spread = ['--workers', '2', '--conf', 'topology.component.cpu.pcore.percent=100'];
    for (const [json, extra] of [
      [true, []],
      [false, []],
      [true, spread],
    ] as const) {
      const cli = startTwinstorm(['run', 'test/cli/fixtures/fails-late.ts', ...(json ? ['--json'] : []), ...extra], runtime.env);
      await cli.waitForStderr(/status on unix:/);
      // Past the first fails (300 ms after each emit), so some trees were already failed and replayed while running.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      cli.signal('SIGINT');
      const r = await cli.result;
      expect(r.exitCode, r.stderr).toBe(0);
      // The spout's own count of the fails it heard after deactivate(): the trees the summary must call not replayed.
      const inDrain = Number(/fails-late: (\d+) fails after deactivate/.exec(r.stderr)?.[1]);
      expect(inDrain).toBeGreaterThanOrEqual(1);
      expect(inDrain).toBeLessThanOrEqual(10); // max spout pending
      if (json) {
        const summary = onlyJson(r.stdout);
        expect(summary.workers?.length ?? 1).toBe(extra.length > 0 ? 2 : 1);
        const t = summary.spoutTuples;
        expect(t.failedInDrain).toBe(inDrain);
        expect(t.failed).toBeGreaterThan(inDrain);
        expect(t.pending).toBe(0);
        expect(t.emitted).toBe(t.acked + t.failed + t.pending + t.abandoned);
      } else {
        expect(r.stdout).toMatch(
          new RegExp(`spout tuples: acked 0, failed \\d+ \\(${inDrain} in the drain after the stop: not replayed\\), pending 0`),
        );
      }
    }
  });

  it('exits at once on a second Ctrl-C while draining', async () => {
    // The bolt never acks and the message timeout is 60 s: a graceful drain would take two minutes.
    const cli = startTwinstorm(['run', 'test/cli/fixtures/stuck.ts'], runtime.env);
    await cli.waitForStderr(/status on unix:/);
    const started = Date.now();
    cli.signal('SIGINT');
    await cli.waitForStderr(/SIGINT: stopping, draining pending tuples/);
    cli.signal('SIGINT');
    const r = await cli.result;
    expect(r.exitCode).toBe(130);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(r.stderr).toContain('SIGINT again: exiting now');
    expect(runtime.files()).toEqual([]);
  });

  const hasScript = spawnSync('script', ['--version']).status === 0;
  it.skipIf(!hasScript)('shows the live table on a terminal', async () => {
    // `script` gives the CLI a pseudo-terminal, as a user's shell would.
    const bin = 'node packages/cli/bin/twinstorm.js run test/cli/fixtures/numbers.ts --duration 2.5';
    const { execa } = await import('execa');
    const r = await execa('script', ['-qfec', bin, '/dev/null'], {
      cwd: new URL('../../', import.meta.url),
      env: runtime.env,
      reject: false,
      timeout: 30_000,
    });
    expect(r.exitCode, String(r.stderr)).toBe(0);
    const out = String(r.stdout);
    const frames = out.split('topology numbers  |  local  |').length - 1;
    expect(frames).toBeGreaterThanOrEqual(3); // first frame, refreshes every second, final frame
    expect(out).toContain('\u001b[2K'); // log-update erasing the previous frame
    expect(out).toContain('stopped (duration 2.5s elapsed)');
    // eslint-disable-next-line no-control-regex
    const plain = out.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '');
    expect(plain).toMatch(/│ +rate\/s │/);
    expect(plain).toMatch(/│ square +│ bolt +│ +2 │/);
  });
});
