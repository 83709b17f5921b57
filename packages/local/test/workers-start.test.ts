// How a run with workers > 1 starts: light topologies stay in this thread, spread ones need their module, and a failure
// on a worker thread while starting fails the start with the same kind of error as in one thread.
import { BasicBolt, TopologyBuilder, type Tuple } from '@twinstorm/core';
import { describe, expect, it } from 'vitest';
import { loadTopology, runLocal } from '../src/index.ts';
import { PROBE_CONF } from './fixtures/probe.ts';
import { codeOf, Ledger, numberSpout, withRun } from './helpers.ts';
import { waitFor } from '@twinstorm/core/testing';

const FIXTURE = new URL('./fixtures/start-failures.ts', import.meta.url).pathname;

class Pass extends BasicBolt {
  static outputFields = ['n'];
  execute(t: Tuple): void {
    this.emit([t.getNumber('n')]);
  }
}

function inMemory(heavy: boolean): TopologyBuilder {
  const b = new TopologyBuilder();
  b.setSpout('spout', numberSpout(new Ledger(), { count: 50 }), 1);
  const p = b.setBolt('pass', Pass, 2).shuffleGrouping('spout');
  if (heavy) p.addConfiguration('topology.component.cpu.pcore.percent', 100);
  return b;
}

describe('starting with worker threads', () => {
  it('runs a topology of light tasks in this thread, whatever the workers, and says why', async () => {
    const { value, summary } = await withRun(inMemory(false).createTopology('light'), { workers: 4 }, async (h) => {
      await waitFor(() => h.run.snapshot().spoutTuples.acked === 50, 5_000, 'all acked', h);
      return h.run.placement;
    });
    expect(value).toEqual({
      threads: 1,
      reason: expect.stringMatching(/every task is light .* fused on one thread \(in this thread\)/) as unknown,
    });
    expect(summary.workers).toBeUndefined();
  });

  it('refuses to spread an in-memory topology: worker threads must import it from its module', () => {
    let error: unknown;
    try {
      runLocal(inMemory(true).createTopology('heavy'), { workers: 2 });
    } catch (e) {
      error = e;
    }
    expect(codeOf(error)).toBe('E_NOT_SUPPORTED');
    expect(String(error)).toMatch(/running on 2 worker threads .* needs a topology loaded from its module .* "heavy" was built in memory/);
  });

  it('refuses workers that are not a positive integer', () => {
    expect(() => runLocal(inMemory(false).createTopology('x'), { workers: 0 })).toThrow(/workers must be a positive integer, got 0/);
  });

  it('fails the start when the module builds another topology in a worker thread, naming what differs', async () => {
    const run = runLocal(await loadTopology(FIXTURE, 'unstable'), { workers: 2, onError: () => undefined });
    const error = await run.started.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(codeOf(error)).toBe('E_INVALID_SPEC');
    expect(String(error)).toMatch(/builds another topology in worker thread \d than the run was given \(components differing: pass\)/);
    const summary = await run.finished;
    expect(summary.stopReason).toMatch(/^start failed: .*components differing: pass/);
    expect(summary.state).toBe('stopped');
  });

  it('fails the start when prepare() throws on a worker thread, with E_LIFECYCLE naming the component and task', async () => {
    const errors: string[] = [];
    // The spout needs a probe channel to open; without one its open() would fail too and race the failure under test.
    const run = runLocal(await loadTopology(FIXTURE, 'prepareThrows'), {
      workers: 2,
      conf: { [PROBE_CONF]: 'workers-start-prepare-throws' },
      onError: (e) => errors.push(e.message),
    });
    const error = await run.started.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(codeOf(error)).toBe('E_LIFECYCLE');
    expect(String(error)).toMatch(/component "db", task \d+: prepare\(\) threw: no database today/);
    expect(errors.some((m) => m.includes('no database today'))).toBe(true);
    expect((await run.finished).stopReason).toMatch(/^start failed: .*prepare\(\) threw: no database today/);
  });

  for (const workers of [1, 2]) {
    it(`names the component and task once when prepare() throws an error naming them (workers: ${workers})`, async () => {
      const run = runLocal(await loadTopology(FIXTURE, 'prepareThrowsNamed'), {
        workers,
        conf: { [PROBE_CONF]: `workers-start-named-${workers}` },
        onError: () => undefined,
      });
      const error = await run.started.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(codeOf(error)).toBe('E_LIFECYCLE');
      expect((error as Error).message).toMatch(/^component "dead", task \d+: prepare\(\) threw: cannot reach the database$/);
      const summary = await run.finished;
      expect((summary.stopReason ?? '').match(/component "dead"/g), summary.stopReason).toHaveLength(1);
    });
  }
});
