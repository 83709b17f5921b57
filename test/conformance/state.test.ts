// Keyed state on both runtimes: restored after its task is killed (on Storm the worker JVM, kill -9), and inputs acked
// only after the commit holding their effects. One topology per runtime, the same assertions on both.
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Observation } from '@twinstorm/testkit';
import { afterAll, expect } from 'vitest';
import { describeRuntimes, feature, once } from './support/suite.ts';
import { DIR_KEY, IDS, KEYS, KILL_AT, KILL_KEY } from './topologies/state.ts';

const TOPOLOGY = new URL('./topologies/state.ts', import.meta.url).pathname;
const ALL_IDS = Array.from({ length: IDS }, (_, i) => i);

const of = (observations: readonly Observation[], kind: string) => observations.filter((o) => o.kind === kind);

describeRuntimes('state', (suite) => {
  const dir = mkdtempSync(join(tmpdir(), 'twinstorm-conformance-state-'));
  chmodSync(dir, 0o777); // Storm's workers write here too
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const run = once(() =>
    suite.run(TOPOLOGY, {
      conf: {
        [DIR_KEY]: dir,
        [KILL_KEY]: suite.runtime === 'storm' ? 'worker-jvm' : 'thread',
        'topology.state.provider.config': JSON.stringify({ dir }),
      },
      // Local: the spout and the ledger each on their own worker thread, so the ledger's can die alone.
      workers: 2,
      until: (p) => new Set(of(p.observations, 'ack').map((o) => o.data)).size === IDS,
    }),
  );

  feature(suite, 'state.restore', async () => {
    const { observations } = await run();
    const kills = of(observations, 'kill');
    expect(kills, 'the ledger task was killed once').toHaveLength(1);
    expect(kills[0]!.data as number, 'at an id from KILL_AT on').toBeGreaterThanOrEqual(KILL_AT);
    const killedAt = observations.indexOf(kills[0]!);
    const committedBefore = new Set(
      observations
        .slice(0, killedAt)
        .filter((o) => o.kind === 'commit')
        .flatMap((o) => o.data as number[]),
    );
    expect(committedBefore.size, 'something was committed before the kill').toBeGreaterThan(0);
    const restores = of(observations, 'restored');
    expect(restores, 'initState ran in the first and in the restarted task').toHaveLength(2);
    expect(restores[0]!.data).toEqual([]);
    expect(observations.indexOf(restores[1]!)).toBeGreaterThan(killedAt);
    expect(
      [...(restores[1]!.data as number[])].sort((a, b) => a - b),
      'the restarted task got exactly what was committed before the kill',
    ).toEqual([...committedBefore].sort((a, b) => a - b));
    // The committed state at the end: every id applied exactly once, under its key.
    const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
    expect(files, 'one state file, the ledger task').toHaveLength(1);
    const state = JSON.parse(readFileSync(join(dir, files[0]!), 'utf8')) as Record<string, number[]>;
    const applied = Object.entries(state).flatMap(([key, ids]) => ids.map((id) => `${key}:${id}`));
    expect(applied.sort()).toEqual(ALL_IDS.map((id) => `${id % KEYS}:${id}`).sort());
  });

  feature(suite, 'state.ack-after-commit', async () => {
    const { observations } = await run();
    const commits = of(observations, 'commit');
    expect(commits.length, 'several checkpoints').toBeGreaterThan(2);
    const acks = of(observations, 'ack');
    expect(new Set(acks.map((o) => o.data)).size).toBe(IDS);
    for (const ack of acks) {
      const id = ack.data as number;
      // The commit was recorded by the test before the provider returned, so before the acks it released were sent.
      const committed = commits.findIndex((c) => (c.data as number[]).includes(id));
      expect(committed, `id ${id} acked without a commit holding it`).toBeGreaterThanOrEqual(0);
      expect(observations.indexOf(commits[committed]!), `id ${id} acked before the commit holding it`).toBeLessThan(
        observations.indexOf(ack),
      );
    }
  });
});
