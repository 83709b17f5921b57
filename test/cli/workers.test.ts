// End to end: `twinstorm run --workers` on the real engine through the real bin: heavy tasks spread over worker
// threads, per-worker status, a worker thread killed and restarted, and light topologies kept in one thread.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { runTwinstorm, startTwinstorm, stopAllTwinstorms } from 'twinstorm/testing';
import { waitFor } from '@twinstorm/core/testing';
import { privateRuntimeDir } from './runtime-dir.ts';

interface Worker {
  index: number;
  state: string;
  tasks: string[];
  cpu: number;
  queued: number;
  restarts: number;
  lastExit?: string;
}
interface Summary {
  stopReason?: string;
  spoutTuples: { emitted: number; acked: number; failed: number; pending: number };
  components: Record<string, { executed: number }>;
  workers?: Worker[];
}

const runtime = privateRuntimeDir();
const scratch = mkdtempSync(path.join(os.tmpdir(), 'tse2e-workers-'));
afterEach(() => stopAllTwinstorms());
afterAll(() => {
  runtime.remove();
  rmSync(scratch, { recursive: true, force: true });
});

describe('twinstorm run --workers', () => {
  it('spreads heavy tasks over 2 worker threads and reports each in the summary', async () => {
    const r = await runTwinstorm(['run', 'test/cli/fixtures/heavy.ts', '--workers', '2', '--max-tuples', '2000', '--json'], runtime.env);
    expect(r.exitCode, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout) as Summary;
    expect(s.spoutTuples).toMatchObject({ acked: 2000, pending: 0 });
    expect(s.components['sink']!.executed).toBe(s.spoutTuples.emitted);
    expect(s.workers!.map((w) => w.tasks)).toEqual([
      ['numbers:2', 'work:4'],
      ['sink:3', 'work:5'],
    ]);
    expect(s.workers!.every((w) => w.restarts === 0 && w.state === 'stopped')).toBe(true);
    expect(r.stderr).toContain('twinstorm: 2 heavy tasks (topology.component.cpu.pcore.percent >= 50) spread over 2 worker threads');
  });

  it('keeps a topology of light tasks in one thread whatever --workers says', async () => {
    const r = await runTwinstorm(['run', 'test/cli/fixtures/numbers.ts', '--workers', '4', '--max-tuples', '500', '--json'], runtime.env);
    expect(r.exitCode, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout) as Summary;
    expect(s.spoutTuples.acked).toBe(500);
    expect(s.workers).toBeUndefined();
    expect(r.stderr).not.toContain('worker threads');
  });

  it('restarts a worker thread a component ended with process.exit, notes it, and acks every tuple anyway', async () => {
    const marker = path.join(scratch, 'kill-once');
    writeFileSync(marker, '');
    const r = await runTwinstorm(
      ['run', 'test/cli/fixtures/heavy.ts', '--workers', '2', '--max-tuples', '3000', '--json', '--conf', `test.kill.marker=${marker}`],
      runtime.env,
    );
    expect(r.exitCode, r.stderr).toBe(0);
    expect(existsSync(marker)).toBe(false);
    expect(r.stderr).toMatch(
      /twinstorm: worker thread 1 \(sink:3, work:5\) died: process\.exit\(3\) called .*; restarting it \(restart 1;/,
    );
    const s = JSON.parse(r.stdout) as Summary;
    expect(s.spoutTuples.acked).toBe(3000);
    expect(s.workers![1]).toMatchObject({ restarts: 1 });
    expect(s.workers![1]!.lastExit).toMatch(/^process\.exit\(3\) called/);
    expect(s.workers![0]!.restarts).toBe(0);
  });

  it('shows each worker thread in `twinstorm status`: tasks, CPU, queues, restarts', async () => {
    const cli = startTwinstorm(
      ['run', 'test/cli/fixtures/heavy.ts', '--workers', '2', '--name', 'e2e-workers', '--json'],
      runtime.env,
      120_000,
    );
    await cli.waitForStderr(/status on unix:/);
    const runs = await waitFor(
      async () => {
        const r = await runTwinstorm(['status', 'e2e-workers', '--json'], runtime.env);
        if (r.exitCode !== 0) return undefined;
        const found = (JSON.parse(r.stdout) as { runs: Array<Summary & { state: string }> }).runs;
        return found[0]?.workers?.every((w) => w.state === 'running') === true && found[0].spoutTuples.acked > 0 ? found : undefined;
      },
      30_000,
      'the run with its workers in `twinstorm status --json`',
      { dump: () => cli.stderr() },
    );
    expect(runs[0]!.workers!.map((w) => w.index)).toEqual([0, 1]);
    const human = await runTwinstorm(['status', 'e2e-workers'], runtime.env);
    expect(human.exitCode, human.stderr).toBe(0);
    expect(human.stdout).toContain('worker threads: 2');
    expect(human.stdout).toMatch(/│ +worker │ state +│ +cpu │ queued │ inbound │ outbound │ restarts │ tasks +│/);
    expect(human.stdout).toMatch(/│ +0 │ running +│ +\d+% │ .* │ numbers:2 work:4 │/);
    expect(human.stdout).toMatch(/│ +1 │ running +│ +\d+% │ .* │ sink:3 work:5 +│/);
    cli.signal('SIGINT');
    const r = await cli.result;
    expect(r.exitCode, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as Summary).spoutTuples.pending).toBe(0);
  });
});
