// On a real Storm cluster (the loopback one useStormCluster shares): after kill -9 of a topology's worker JVM, Storm
// starts another and Nimbus forgets the component's errors; `twinstorm status` must still show that the worker
// restarted and the error it had, with its time.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeResult, runTwinstorm } from 'twinstorm/testing';
import { waitFor } from '@twinstorm/core/testing';
import { useStormCluster } from '@twinstorm/testkit';
import { privateRuntimeDir } from './runtime-dir.ts';

interface StormRun {
  id: string;
  workerProcesses: Array<{ host: string; port: number; uptimeSecs: number }>;
  workerRestarts: Array<{ host: string; port: number; restartedAt: number; previousUptimeSecs: number }>;
  lastErrors: Array<{ component: string; message: string; time: number; heldBy: string }>;
  components: Record<string, { errors: number }>;
}

const NAME = `restart-probe-${process.pid}`;
const COMMAND_MS = 180_000;
const runtime = privateRuntimeDir();
const marker = path.join(runtime.dir, 'thrown');
let env: Record<string, string> = {};

const dump = describeResult;

async function status(): Promise<StormRun | undefined> {
  const r = await runTwinstorm(['status', NAME, '--storm', '--json'], env, COMMAND_MS);
  if (r.exitCode !== 0) throw new Error(dump(r));
  return (JSON.parse(r.stdout) as { runs: StormRun[] }).runs[0];
}

/** The topology's Worker JVM: `Dstorm.id=<id>` also matches its LogWriter parent, whose own main class is LogWriter. */
async function workerPids(id: string): Promise<number[]> {
  const found = await execa('pgrep', ['-f', `Dstorm.id=${id} .*org.apache.storm.daemon.worker.Worker`], { reject: false });
  return found.stdout
    .split('\n')
    .filter((line) => line !== '')
    .map(Number)
    .filter((pid) => {
      try {
        return !readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes('org.apache.storm.LogWriter');
      } catch {
        return false; // gone meanwhile
      }
    });
}

describe('twinstorm status after a worker restart on Storm', { timeout: 900_000 }, () => {
  beforeAll(async () => {
    const cluster = await useStormCluster();
    env = { ...runtime.env, TWINSTORM_NIMBUS: `${cluster.nimbus.host}:${cluster.nimbus.port}` };
  }, 900_000);

  afterAll(async () => {
    const kill = await runTwinstorm(['kill', NAME, '--wait', '0'], env, COMMAND_MS).catch(() => undefined);
    if (kill !== undefined && kill.exitCode === 0) {
      await waitFor(async () => (await status().catch(() => undefined)) === undefined, 180_000, `${NAME} to leave the cluster`, {
        intervalMs: 3000,
      }).catch(() => undefined);
    }
    runtime.remove();
  }, 400_000);

  it('shows the restart, and keeps the error Nimbus dropped, with its time', async () => {
    const submit = await runTwinstorm(
      ['submit', 'test/cli/fixtures/throws-once.ts', '--name', NAME, '--conf', `probe.marker.file=${JSON.stringify(marker)}`],
      env,
      COMMAND_MS,
    );
    expect(submit.exitCode, dump(submit)).toBe(0);

    const before = await waitFor(
      async () => {
        const s = await status();
        const up = s !== undefined && s.workerProcesses.length > 0 && s.workerProcesses.every((w) => w.uptimeSecs > 0);
        return up && s.lastErrors.some((e) => e.message.includes('probe bolt throws once')) && s;
      },
      300_000,
      'the probe bolt to throw and Nimbus to report it',
      { intervalMs: 3000 },
    );
    expect(before.workerRestarts, 'a first launch is no restart').toEqual([]);
    const error = before.lastErrors.find((e) => e.message.includes('probe bolt throws once'))!;
    expect(error).toMatchObject({ component: 'throws-once', heldBy: 'nimbus' });

    const pids = await workerPids(before.id);
    expect(pids, `one Worker JVM for ${before.id} (pgrep)`).toHaveLength(1);
    process.kill(pids[0]!, 'SIGKILL');
    const killedAt = Date.now();

    const after = await waitFor(
      async () => {
        const s = await status();
        return s !== undefined && s.workerRestarts.length > 0 && s;
      },
      300_000,
      'status to show the worker restart',
      { intervalMs: 3000 },
    );
    expect(after.workerRestarts).toHaveLength(1);
    expect(after.workerRestarts[0]!.restartedAt).toBeGreaterThan(killedAt - 10_000);
    expect(after.workerRestarts[0]!.previousUptimeSecs).toBeGreaterThan(0);
    // Nimbus's errors went with the old worker; twinstorm still has it, with its time.
    expect(after.lastErrors).toContainEqual(
      expect.objectContaining({ component: 'throws-once', time: error.time, message: error.message }),
    );

    const table = await runTwinstorm(['status', NAME, '--storm'], env, COMMAND_MS);
    expect(table.exitCode, dump(table)).toBe(0);
    expect(table.stdout).toMatch(/worker \S+:\d+ restarted at \d{4}-\d\d-\d\dT[\d:]+Z \(the one before had been up /);
    const at = new Date(error.time).toISOString().replace(/\.\d{3}Z$/, 'Z');
    expect(table.stdout).toMatch(new RegExp(`${at} throws-once\\[\\S+\\](?: \\(no longer on Nimbus\\))? .*probe bolt throws once`));
  });
});
