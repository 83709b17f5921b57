// End to end on a real Storm cluster (the loopback one @twinstorm/testkit's useStormCluster shares): `twinstorm submit` a
// TypeScript topology, `twinstorm status` shows its counts growing, `list` shows it, `kill` removes it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeResult, runTwinstorm, runTwinstormJson } from 'twinstorm/testing';
import { waitFor } from '@twinstorm/core/testing';
import { useStormCluster } from '@twinstorm/testkit';

interface StormRun {
  name: string;
  runtime: string;
  state: string;
  spoutTuples: { acked: number };
  components: Record<string, { kind: string; tasks: number; emitted: number; executed: number | null }>;
}

/** A name of this run only, so a wordcount someone submitted by hand is never touched. */
const NAME = `wordcount-e2e-${process.pid}`;
/** A JVM per command on a busy 2-core machine: generous per-command deadline. */
const COMMAND_MS = 180_000;

let env: Record<string, string> = {};

const dump = describeResult;

async function stormStatus(): Promise<StormRun | undefined> {
  return (await runTwinstormJson<{ runs: StormRun[] }>(['status', NAME, '--json'], env, COMMAND_MS)).runs[0];
}

async function listed(): Promise<Array<{ name: string; status: string }>> {
  return (await runTwinstormJson<{ topologies: Array<{ name: string; status: string }> }>(['list', '--json'], env, COMMAND_MS)).topologies;
}

describe('twinstorm submit / status / list / kill against Storm', { timeout: 900_000 }, () => {
  beforeAll(async () => {
    const cluster = await useStormCluster();
    env = { TWINSTORM_NIMBUS: `${cluster.nimbus.host}:${cluster.nimbus.port}` };
  }, 900_000);

  afterAll(async () => {
    // Whatever happened above, leave nothing running on the shared cluster.
    if ((await listed().catch(() => [])).some((t) => t.name === NAME)) await runTwinstorm(['kill', NAME, '--wait', '0'], env, COMMAND_MS);
  }, COMMAND_MS);

  it('submits examples/wordcount/topology.ts, shows its counts growing, lists it and kills it', async () => {
    const submit = await runTwinstorm(['submit', 'examples/wordcount/topology.ts', '--name', NAME], env, COMMAND_MS);
    expect(submit.exitCode, dump(submit)).toBe(0);
    expect(submit.stdout).toMatch(new RegExp(`^submitted ${NAME} \\(id ${NAME}-\\d+-\\d+\\) to Nimbus at ${env['TWINSTORM_NIMBUS']}`));

    const again = await runTwinstorm(['submit', 'examples/wordcount/topology.ts', '--name', NAME], env, COMMAND_MS);
    expect(again.exitCode).not.toBe(0);
    expect(again.stderr).toMatch(new RegExp(`^twinstorm: submitting ${NAME} to Nimbus at .*: topology "${NAME}" is already running`));

    const first = await waitFor(
      async () => {
        const s = await stormStatus();
        return s !== undefined && s.spoutTuples.acked > 0 && s;
      },
      300_000,
      'the spout to have acked tuples on Storm',
      { intervalMs: 2000 },
    );
    expect(first).toMatchObject({ name: NAME, runtime: 'storm', state: 'running' });
    expect(Object.keys(first.components).sort()).toEqual(['count', 'sentences', 'split']);
    expect(first.components['split']).toMatchObject({ kind: 'bolt', tasks: 2 });
    const later = await waitFor(
      async () => {
        const s = await stormStatus();
        return s !== undefined && s.spoutTuples.acked > first.spoutTuples.acked && s;
      },
      180_000,
      'acked counts to grow',
      { intervalMs: 2000 },
    );
    expect(later.components['count']!.executed).toBeGreaterThan(first.components['count']!.executed ?? 0);

    const table = await runTwinstorm(['status', NAME], env, COMMAND_MS);
    expect(table.exitCode, dump(table)).toBe(0);
    expect(table.stdout).toContain(`== ${NAME} (storm)`);
    expect(table.stdout).toMatch(/│ split\s+│ bolt\s+│\s+2 │/);

    expect(await listed()).toContainEqual(expect.objectContaining({ name: NAME, status: 'ACTIVE' }));

    const kill = await runTwinstorm(['kill', NAME, '--wait', '0'], env, COMMAND_MS);
    expect(kill.exitCode, dump(kill)).toBe(0);
    expect(kill.stdout).toBe(`killing ${NAME}: spouts deactivated, Storm removes it in 0 s\n`);
    await waitFor(async () => !(await listed()).some((t) => t.name === NAME), 180_000, `${NAME} to leave the cluster`, {
      intervalMs: 2000,
    });
    const gone = await runTwinstorm(['status', NAME, '--storm'], env, COMMAND_MS);
    expect(gone.exitCode).not.toBe(0);
    expect(gone.stderr).toMatch(new RegExp(`topology "${NAME}" is not running on Nimbus`));
  });
});
