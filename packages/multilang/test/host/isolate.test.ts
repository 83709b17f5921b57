import { loadTopology } from '@twinstorm/local';
import { describe, expect, it } from 'vitest';
import { isolate, ISOLATE_CONF, MultilangError } from '../../src/index.ts';
import { recorded } from './fixtures/isolated-topology.ts';
import isolatedTopology from './fixtures/isolated-topology.ts';
import { fixture, withRun } from './support.ts';
import { waitFor } from '@twinstorm/core/testing';

describe('isolate: TS components in their own subprocesses', () => {
  it('runs the named component through the component runner; results equal the in-process run', async () => {
    const loaded = await loadTopology(fixture('isolated-topology.ts'));
    const topology = isolate(loaded, ['double']);
    expect(topology.component('double')).toMatchObject({
      kind: 'bolt',
      shell: {
        command: process.execPath,
        args: [expect.stringMatching(/packages\/cli\/bin\/twinstorm\.js$/), 'component', fixture('isolated-topology.ts'), 'double'],
      },
    });
    expect(loaded.component('double').kind).toBe('basic-bolt');
    recorded().length = 0;
    const { summary, harness } = await withRun(topology, {}, async (h) => {
      await waitFor(() => h.run.snapshot().spoutTuples.acked >= 200, 60_000, '200 trees acked', h);
    });
    expect(harness.errors, harness.dump()).toEqual([]);
    expect(summary.spoutTuples).toMatchObject({ acked: 200, failed: 0 });
    const pairs = recorded();
    expect(new Set(pairs.map(([n]) => n))).toEqual(new Set(Array.from({ length: 200 }, (_, i) => i * 2)));
    const pids = new Set(pairs.map(([, pid]) => pid));
    expect(pids.size).toBe(2);
    expect(pids.has(process.pid)).toBe(false);
  });

  it('isolates the components whose conf sets twinstorm.isolate by default, passing the module export on', async () => {
    const plain = await loadTopology(fixture('isolated-topology.ts'));
    expect(isolate(plain)).toBe(plain);
    const loaded = await loadTopology(fixture('isolated-topology.ts'), 'marked');
    expect(loaded.component('double').conf[ISOLATE_CONF]).toBe(true);
    const isolated = isolate(loaded);
    expect(isolated.component('double').shell?.args.slice(-4)).toEqual([fixture('isolated-topology.ts'), 'double', '--export', 'marked']);
    expect(isolated.component('numbers').shell).toBeUndefined();
    expect(() => isolate(isolated, ['double'])).toThrow(/component "double": is a shell component already/);
  });

  it('refuses a topology built in memory, naming the components, and an unknown component', async () => {
    expect(() => isolate(isolatedTopology, ['double'])).toThrow(MultilangError);
    expect(() => isolate(isolatedTopology, ['double'])).toThrow(
      /cannot run \[double\] of topology "isolated" in subprocesses: the topology was built in memory/,
    );
    const loaded = await loadTopology(fixture('isolated-topology.ts'));
    expect(() => isolate(loaded, ['nope'])).toThrow(/component "nope": no such component/);
  });
});
