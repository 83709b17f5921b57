// End to end: `twinstorm status` finding a real running `twinstorm run` through the registry dir and its socket.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { runTwinstorm, startTwinstorm, stopAllTwinstorms, type CliResult } from 'twinstorm/testing';
import { waitFor } from '@twinstorm/core/testing';
import { privateRuntimeDir } from './runtime-dir.ts';

interface StatusRun {
  name: string;
  pid: number;
  startedAt: string;
  topology: string;
  state: string;
  spoutTuples: { acked: number };
  components: Record<string, { tasks: number }>;
}

/** Deadline of each polled status check. */
const POLL_TIMEOUT_MS = 30_000;
/** The background run is SIGKILLed only after this; the test ends it with SIGINT long before. */
const RUN_TIMEOUT_MS = 120_000;

const runtime = privateRuntimeDir();
afterEach(() => stopAllTwinstorms());
afterAll(() => runtime.remove());

/** Polls `twinstorm <args>` until `accept` holds, failing with the last answer after the deadline. */
async function pollStatus(
  args: string[],
  accept: (r: CliResult) => boolean,
  what: string,
  dump: (last?: CliResult) => string,
): Promise<CliResult> {
  let last: CliResult | undefined;
  return waitFor(
    async () => {
      last = await runTwinstorm(args, runtime.env);
      return accept(last) ? last : undefined;
    },
    POLL_TIMEOUT_MS,
    what,
    { dump: () => dump(last) },
  );
}

async function statusJson(...args: string[]): Promise<StatusRun[]> {
  const r = await runTwinstorm(['status', ...args, '--json'], runtime.env);
  expect(r.exitCode, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { runs: StatusRun[] }).runs;
}

describe('twinstorm status', () => {
  it('says when nothing runs', async () => {
    const r = await runTwinstorm(['status'], runtime.env);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe('no twinstorm runs on this machine\n');
    expect(await statusJson()).toEqual([]);
  });

  it('shows a running run, by name too, until it is stopped', async () => {
    // No --duration: the run lasts until the SIGINT below, however slow the status calls are on a loaded machine. Each
    // check is polled (a busy run may miss the client's 2 s timeout once) with its own deadline.
    const cli = startTwinstorm(['run', 'test/cli/fixtures/numbers.ts', '--name', 'e2e-status', '--json'], runtime.env, RUN_TIMEOUT_MS);
    const dump = (last?: CliResult) =>
      `run stderr:\n${cli.stderr()}\nregistry: ${runtime.files().join(', ')}` +
      (last === undefined ? '' : `\nlast status: exit ${String(last.exitCode)}\nstdout:\n${last.stdout}\nstderr:\n${last.stderr}`);

    const runs = await waitFor(
      async () => {
        const found = await statusJson();
        return found.some((r) => r.name === 'e2e-status' && r.state === 'running' && r.spoutTuples.acked > 0) ? found : undefined;
      },
      POLL_TIMEOUT_MS,
      'the run in `twinstorm status --json`',
      { dump },
    );
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ name: 'e2e-status', pid: cli.pid, topology: 'numbers' });
    expect(runs[0]?.components['square']?.tasks).toBe(2);
    expect(runtime.files()).toEqual([`e2e-status-${cli.pid}.json`, `e2e-status-${cli.pid}.sock`]);

    const header = new RegExp(`^== e2e-status \\(pid ${cli.pid}, started \\S+\\)\\ntopology numbers {2}\\| {2}local {2}\\| {2}running`);
    const human = await pollStatus(['status'], (r) => r.exitCode === 0 && header.test(r.stdout), 'the run in `twinstorm status`', dump);
    expect(human.stdout).toMatch(/│ odd-sink +│ basic-bolt +│ +1 │/);

    const byName = await pollStatus(
      ['status', 'e2e-status', '--json'],
      (r) => r.exitCode === 0 && r.stdout.includes('"e2e-status"'),
      'the run in `twinstorm status e2e-status --json`',
      dump,
    );
    expect((JSON.parse(byName.stdout) as { runs: StatusRun[] }).runs.map((r) => r.name)).toEqual(['e2e-status']);

    const missing = await runTwinstorm(['status', 'nope'], runtime.env);
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toBe('twinstorm: no run named "nope" (running: e2e-status)\n');

    cli.signal('SIGINT');
    const r = await cli.result;
    expect(r.exitCode, r.stderr).toBe(0);
    const final = JSON.parse(r.stdout) as { stopReason?: string; spoutTuples: { acked: number; pending: number } };
    expect(final.stopReason).toBe('interrupted (SIGINT)');
    expect(final.spoutTuples.pending).toBe(0);
    expect(final.spoutTuples.acked).toBeGreaterThan(0);
    expect(runtime.files()).toEqual([]);
    expect(await statusJson()).toEqual([]);
  }, 90_000);

  it('drops the registration of a run that was killed', async () => {
    const cli = startTwinstorm(['run', 'test/cli/fixtures/numbers.ts', '--name', 'killed'], runtime.env);
    await cli.waitForStderr(/status on unix:/);
    cli.signal('SIGKILL');
    await cli.result;
    expect(runtime.files()).toEqual([`killed-${cli.pid}.json`, `killed-${cli.pid}.sock`]);
    const r = await runTwinstorm(['status'], runtime.env);
    expect(r.stdout).toBe('no twinstorm runs on this machine\n');
    expect(runtime.files()).toEqual([]);
  });

  it('drops a registration whose process is alive but whose socket is gone', async () => {
    // This test process is alive, but serves nothing on that socket: connection refused / no such file.
    const entry = {
      name: 'ghost',
      pid: process.pid,
      socket: path.join(runtime.dir, 'ghost.sock'),
      topology: 'x',
      startedAt: new Date().toISOString(),
    };
    writeFileSync(path.join(runtime.dir, `ghost-${process.pid}.json`), JSON.stringify(entry));
    expect(await statusJson()).toEqual([]);
    expect(runtime.files()).toEqual([]);
  });
});
