// On a real Storm cluster (the loopback one useStormCluster shares): `twinstorm deactivate` stops the spout (its
// emitted count stands still), `activate` resumes it, `rebalance -w 0 -n 2 -e split=1` gives the topology the new
// layout Nimbus then shows (2 workers, split on 1 executor over its 2 tasks) and it keeps working; bad names and
// components are refused with the name in the message. The topology is killed at the end whatever happened.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pingNimbus } from '@twinstorm/cluster';
import { describeResult, runTwinstorm, runTwinstormJson, type CliResult } from 'twinstorm/testing';
import { waitFor } from '@twinstorm/core/testing';
import { useStormCluster } from '@twinstorm/testkit';

interface StormRun {
  name: string;
  stormStatus: string;
  workers: number;
  workerProcesses: Array<{ host: string; port: number }>;
  components: Record<string, { tasks: number; executors: number; emitted: number; acked: number }>;
}

const NAME = `control-e2e-${process.pid}`;
/** A JVM per command on a busy 2-core machine: generous per-command deadline. */
const COMMAND_MS = 180_000;
/** Executors report their counters every executor.metrics.frequency.secs (3 s); a few of those. */
const HEARTBEATS_MS = 12_000;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

let env: Record<string, string> = {};

const dump = describeResult;

async function cli(args: string[]): Promise<CliResult> {
  return runTwinstorm(args, env, COMMAND_MS);
}

async function status(): Promise<StormRun | undefined> {
  return (await runTwinstormJson<{ runs: StormRun[] }>(['status', NAME, '--storm', '--json'], env, COMMAND_MS)).runs[0];
}

async function mustStatus(): Promise<StormRun> {
  const s = await status();
  if (s === undefined) throw new Error(`${NAME} is not on Nimbus`);
  return s;
}

async function listedStatus(): Promise<string | undefined> {
  const listed = await runTwinstormJson<{ topologies: Array<{ name: string; status: string }> }>(['list', '--json'], env, COMMAND_MS);
  return listed.topologies.find((t) => t.name === NAME)?.status;
}

const emitted = (s: StormRun): number => s.components['sentences']!.emitted;

describe('twinstorm deactivate / activate / rebalance against Storm', { timeout: 1_200_000 }, () => {
  beforeAll(async () => {
    const cluster = await useStormCluster();
    env = { TWINSTORM_NIMBUS: `${cluster.nimbus.host}:${cluster.nimbus.port}` };
  }, 900_000);

  afterAll(async () => {
    // Whatever happened above, leave nothing of ours on the shared cluster.
    if ((await listedStatus().catch(() => undefined)) !== undefined) await cli(['kill', NAME, '--wait', '0']);
  }, COMMAND_MS);

  it('refuses a topology that is not running, naming it', async () => {
    const missing = `${NAME}-missing`;
    for (const args of [
      ['deactivate', missing],
      ['activate', missing],
      ['rebalance', missing, '-w', '0', '-n', '2'],
    ]) {
      const r = await cli(args);
      expect(r.exitCode, dump(r)).not.toBe(0);
      expect(r.stderr).toContain(`topology "${missing}" is not running on Nimbus ${env['TWINSTORM_NIMBUS']}`);
    }
  });

  it('stops and resumes the spout, rebalances to the layout asked, keeps working, and refuses bad components', async () => {
    const submit = await cli(['submit', 'examples/wordcount/topology.ts', '--name', NAME]);
    expect(submit.exitCode, dump(submit)).toBe(0);
    const running = await waitFor(
      async () => {
        const s = await status();
        return s !== undefined && s.components['sentences']!.acked > 0 && s;
      },
      300_000,
      'the spout to have acked tuples on Storm',
      { intervalMs: 3000 },
    );
    expect(running).toMatchObject({ workers: 1, components: { split: { tasks: 2, executors: 2 }, count: { tasks: 2, executors: 2 } } });

    // Deactivate: Storm stops calling nextTuple, so the spout's emitted count stops growing.
    const off = await cli(['deactivate', NAME]);
    expect(off.exitCode, dump(off)).toBe(0);
    expect(off.stdout).toBe(
      `deactivated ${NAME}: Storm calls its spouts' deactivate() and no more nextTuple; tuples in flight still finish\n`,
    );
    expect(await listedStatus()).toBe('INACTIVE');
    await sleep(HEARTBEATS_MS); // the counters of emits made before the deactivate reach Nimbus
    const stopped = await mustStatus();
    await sleep(HEARTBEATS_MS);
    const stillStopped = await mustStatus();
    expect(emitted(stillStopped), `emitted by the spout over ${HEARTBEATS_MS / 1000} s while deactivated`).toBe(emitted(stopped));

    // Activate: nextTuple again, the count grows.
    const on = await cli(['activate', NAME]);
    expect(on.exitCode, dump(on)).toBe(0);
    expect(on.stdout).toBe(`activated ${NAME}: Storm calls its spouts' activate() and nextTuple again\n`);
    expect(await listedStatus()).toBe('ACTIVE');
    const resumed = await waitFor(
      async () => {
        const s = await mustStatus();
        return emitted(s) > emitted(stillStopped) && s;
      },
      120_000,
      'the spout to emit again after activate',
      { intervalMs: 3000 },
    );

    // Bad components, refused before Nimbus is asked (Nimbus answers an unknown one with a bare
    // InvalidTopologyException, and caps split=3 at 2 executors without a word).
    const unknown = await cli(['rebalance', NAME, '-w', '0', '-e', 'splitter=1']);
    expect(unknown.exitCode, dump(unknown)).not.toBe(0);
    expect(unknown.stderr).toContain(
      `--executors splitter=1: topology "${NAME}" has no component "splitter" (its components: count, sentences, split)`,
    );
    const tooMany = await cli(['rebalance', NAME, '-w', '0', '-e', 'split=3']);
    expect(tooMany.exitCode, dump(tooMany)).not.toBe(0);
    expect(tooMany.stderr).toContain(`--executors split=3: component "split" of "${NAME}" has 2 task(s)`);
    expect(await listedStatus(), 'a refused rebalance leaves the topology as it was').toBe('ACTIVE');

    // Rebalance onto 2 workers with split on 1 executor: needs a free slot on the shared cluster besides ours.
    await waitFor(
      async () => {
        const p = (await pingNimbus({ nimbus: env['TWINSTORM_NIMBUS']! })) as { slotsTotal: number; slotsUsed: number };
        return p.slotsTotal - p.slotsUsed >= 1;
      },
      300_000,
      'a free worker slot on the cluster for the rebalance to 2 workers (other topologies hold them all)',
      { intervalMs: 5000 },
    );
    const before = await mustStatus();
    const rebalance = await cli(['rebalance', NAME, '-w', '0', '-n', '2', '-e', 'split=1']);
    expect(rebalance.exitCode, dump(rebalance)).toBe(0);
    expect(rebalance.stdout).toBe(`rebalancing ${NAME}: Storm redistributes it in 0 s (2 workers, split: 1 executors)\n`);
    const after = await waitFor(
      async () => {
        const s = await status();
        return s !== undefined && s.stormStatus === 'ACTIVE' && s.workers === 2 && s.components['split']!.executors === 1 && s;
      },
      300_000,
      'Nimbus to show 2 workers and split on 1 executor',
      { intervalMs: 3000 },
    );
    expect(after.components['split']!.tasks, 'Storm keeps the task count').toBe(2);
    expect(after.components['count']).toMatchObject({ tasks: 2, executors: 2 });
    expect(new Set(after.workerProcesses.map((w) => w.port)).size).toBe(2);
    expect(before.workers).toBe(1);
    // Still working on the new layout: the spout's acked count grows from one read to the next. Not against `after`:
    // Nimbus may still show the old worker's last counters for the spout's executor until the new worker reports,
    // and the new executors count from 0, so the first reads can drop below it before they grow.
    let previous = after.components['sentences']!.acked;
    const reads: string[] = [];
    await waitFor(
      async () => {
        const s = await mustStatus();
        const acked = s.components['sentences']!.acked;
        reads.push(`acked ${acked}, ${s.workers} workers ${JSON.stringify(s.workerProcesses)}, status ${s.stormStatus}`);
        const grew = acked > previous;
        previous = acked;
        return grew;
      },
      300_000,
      'acked tuples to grow after the rebalance',
      { intervalMs: 3000, dump: () => reads.slice(-5).join('\n') },
    );

    const layout = (r: StormRun): string =>
      `${r.workers} worker(s) on port(s) ${[...new Set(r.workerProcesses.map((w) => w.port))].join(', ')}, split ${r.components['split']!.executors} executor(s) over ${r.components['split']!.tasks} tasks`;
    console.log(
      `[storm-control] spout emitted while running ${emitted(running)}; deactivated: ${emitted(stopped)}, ` +
        `${HEARTBEATS_MS / 1000} s later ${emitted(stillStopped)}; activated: ${emitted(resumed)}; ` +
        `rebalanced from ${layout(before)} to ${layout(after)}, acked then growing past ${after.components['sentences']!.acked}`,
    );

    const kill = await cli(['kill', NAME, '--wait', '0']);
    expect(kill.exitCode, dump(kill)).toBe(0);
    await waitFor(async () => (await listedStatus()) === undefined, 180_000, `${NAME} to leave the cluster`, { intervalMs: 3000 });
  });
});
