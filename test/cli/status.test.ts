// End to end: `twinstorm status` finding a real running `twinstorm run` through the registry dir and its socket.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { runTwinstorm, startTwinstorm, stopAllTwinstorms } from '../../packages/cli/test/support/cli-process.ts';
import { waitFor } from '../../packages/cli/test/support/wait-for.ts';
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

const runtime = privateRuntimeDir();
afterEach(() => stopAllTwinstorms());
afterAll(() => runtime.remove());

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

  it('shows a running run, by name too, until it ends', async () => {
    const cli = startTwinstorm(['run', 'test/cli/fixtures/numbers.ts', '--duration', '5', '--name', 'e2e-status', '--json'], runtime.env);
    const runs = await waitFor(
      async () => {
        const found = await statusJson();
        return found.some((r) => r.name === 'e2e-status' && r.state === 'running' && r.spoutTuples.acked > 0) ? found : undefined;
      },
      { what: 'the run in `twinstorm status --json`', dump: () => `run stderr:\n${cli.stderr()}\nregistry: ${runtime.files().join(', ')}` },
    );
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ name: 'e2e-status', pid: cli.pid, topology: 'numbers' });
    expect(runs[0]?.components['square']?.tasks).toBe(2);
    expect(runtime.files()).toEqual([`e2e-status-${cli.pid}.json`, `e2e-status-${cli.pid}.sock`]);

    const human = await runTwinstorm(['status'], runtime.env);
    expect(human.exitCode).toBe(0);
    expect(human.stdout).toMatch(
      new RegExp(`^== e2e-status \\(pid ${cli.pid}, started \\S+\\)\\ntopology numbers {2}\\| {2}local {2}\\| {2}running`),
    );
    expect(human.stdout).toMatch(/│ odd-sink +│ basic-bolt +│ +1 │/);

    expect((await statusJson('e2e-status')).map((r) => r.name)).toEqual(['e2e-status']);
    const missing = await runTwinstorm(['status', 'nope'], runtime.env);
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toBe('twinstorm: no run named "nope" (running: e2e-status)\n');

    const r = await cli.result;
    expect(r.exitCode, r.stderr).toBe(0);
    expect(runtime.files()).toEqual([]);
    expect(await statusJson()).toEqual([]);
  });

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
