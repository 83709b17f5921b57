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
  // A connector's keys given with --conf are checked by its class before any task opens, naming the component.
  [
    ['run', 'test/cli/fixtures/kafka-events.ts', '--conf', 'kafka.topic=h13c-t', '--conf', 'kafka.spout.commit.period.ms=abc'],
    'twinstorm: component "events": conf "kafka.spout.commit.period.ms" must be an integer >= 1, got "abc"',
  ],
  [
    ['run', 'test/postgres/fixtures/sink.ts', '--conf', 'postgres.table=h13c_t', '--conf', 'postgres.mode=bogus'],
    'twinstorm: component "sink": conf "postgres.mode" must be one of "upsert", "ignore", "copy", got "bogus"',
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

  it('never shows a secret in a --conf error: a SASL password of the wrong type, a URL holding a password', async () => {
    const secret = 'h13c-S3CRET-pw';
    const kafka = await runTwinstorm([
      'run',
      'test/cli/fixtures/kafka-events.ts',
      ...['--conf', 'kafka.topic=t', '--conf', 'kafka.sasl.mechanism=plain', '--conf', 'kafka.sasl.username=u'],
      ...['--conf', `kafka.sasl.password=["${secret}"]`],
    ]);
    expect({ exitCode: kafka.exitCode, stderr: kafka.stderr }).toEqual({
      exitCode: 1,
      stderr: 'twinstorm: component "events": conf "kafka.sasl.password" must be a non-empty string\n',
    });
    const pg = await runTwinstorm([
      'run',
      'test/postgres/fixtures/sink.ts',
      '--conf',
      'postgres.table=t',
      '--conf',
      `postgres.url=http://u:${secret}@h:1/db`,
    ]);
    expect({ exitCode: pg.exitCode, stderr: pg.stderr }).toEqual({
      exitCode: 1,
      stderr:
        'twinstorm: component "sink": conf "postgres.url" must be a postgres://user@host:port/database URL, got "http://u:***@h:1/db"\n',
    });
  });

  it('package refuses the same component conf, so Storm never gets it', async () => {
    const r = await runTwinstorm(['package', 'test/cli/fixtures/bad-component-conf.ts', '-o', join(out, 'app.jar')]);
    expect({ exitCode: r.exitCode, stderr: r.stderr }).toEqual({
      exitCode: 1,
      stderr: 'twinstorm: component "count": conf "twinstorm.bolt.max.concurrency" must be an integer >= 1, got 0\n',
    });
  });
});
