// End to end: a conf value twinstorm reads but cannot use stops the real bin before anything runs, with exit code 1
// and one line naming the key, the value given, the rule and where it was set (the --conf topology conf, or a
// component's conf in the topology module), for `run` and for `package` (what `submit` sends to Storm).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTwinstorm } from 'twinstorm/testing';

const cases: Array<[string[], string]> = [
  [
    ['run', 'test/cli/fixtures/numbers.ts', '--conf', 'topology.worker.max.heap.size.mb=lots'],
    'twinstorm: topology conf "topology.worker.max.heap.size.mb" must be a number > 0, got "lots"',
  ],
  [
    ['run', 'test/cli/fixtures/numbers.ts', '--conf', 'topology.acker.executors=-1'],
    'twinstorm: topology conf "topology.acker.executors" must be an integer >= 0, got -1',
  ],
  [
    ['run', 'test/cli/fixtures/numbers.ts', '--workers', '2', '--conf', 'topology.workers=abc'],
    'twinstorm: topology conf "topology.workers" must be an integer >= 1, got "abc"',
  ],
  [
    ['submit', 'test/cli/fixtures/numbers.ts', '--nimbus', '127.0.0.1:1', '--conf', 'topology.workers=abc'],
    'twinstorm: topology conf "topology.workers" must be an integer >= 1, got "abc"',
  ],
  [
    ['run', 'test/cli/fixtures/bad-component-conf.ts'],
    'twinstorm: component "count": conf "twinstorm.bolt.max.concurrency" must be an integer >= 1, got 0',
  ],
];

let out: string;
beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'twinstorm-conf-errors-'));
});
afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

describe('conf values checked by the CLI', () => {
  it.each(cases)('%j', async (args, line) => {
    const r = await runTwinstorm(args);
    expect({ exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr }).toEqual({ exitCode: 1, stdout: '', stderr: `${line}\n` });
  });

  it('package refuses the same component conf, so Storm never gets it', async () => {
    const r = await runTwinstorm(['package', 'test/cli/fixtures/bad-component-conf.ts', '-o', join(out, 'app.jar')]);
    expect({ exitCode: r.exitCode, stderr: r.stderr }).toEqual({
      exitCode: 1,
      stderr: 'twinstorm: component "count": conf "twinstorm.bolt.max.concurrency" must be an integer >= 1, got 0\n',
    });
  });
});
