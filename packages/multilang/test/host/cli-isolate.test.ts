import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { fixture } from './support.ts';

const BIN = fileURLToPath(new URL('../../../cli/bin/twinstorm.js', import.meta.url));

describe('twinstorm run --isolate', () => {
  it('runs the named component in subprocesses and reports the same totals', async () => {
    const run = await execa(
      process.execPath,
      [BIN, 'run', fixture('isolated-topology.ts'), '--isolate', 'double', '--until-idle', '--json'],
      {
        reject: false,
        timeout: 60_000,
      },
    );
    expect(run.exitCode, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout) as {
      spoutTuples: { acked: number; failed: number };
      components: Record<string, { kind: string; executed: number }>;
    };
    expect(summary.spoutTuples).toMatchObject({ acked: 200, failed: 0 });
    expect(summary.components['double']).toMatchObject({ kind: 'bolt', executed: 200 });
    expect(summary.components['record']).toMatchObject({ executed: 200 });
  });

  it('names an unknown component and exits non-zero', async () => {
    const run = await execa(
      process.execPath,
      [BIN, 'run', fixture('isolated-topology.ts'), '--isolate', 'double,nope', '--until-idle', '--json'],
      {
        reject: false,
        timeout: 60_000,
      },
    );
    expect(run.exitCode).not.toBe(0);
    expect(run.stderr).toContain('component "nope": no such component in topology "isolated"');
    expect(run.stdout).toBe('');
  });
});
