import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTopology, runLocal, type RunSnapshot } from '@twinstorm/local';
import { afterAll, describe, expect, it } from 'vitest';
import { ALERTS_PATH_CONF, EVENTS_CONF, SAVED_PATH_CONF } from './topology.ts';

const MODULE = new URL('./topology.ts', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'twinstorm-user-activity-workers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every task declared heavy, so two workers really spread the pipeline over two threads. */
const SPREAD = { 'topology.component.cpu.pcore.percent': 100 };

/** The pipeline's output files of one run: alerts and scored events, each as sorted JSON lines. */
async function runWith(workers: number, events: number): Promise<{ summary: RunSnapshot; alerts: string[]; saved: string[] }> {
  const out = mkdtempSync(join(dir, `workers-${workers}-`));
  const topology = await loadTopology(MODULE);
  const conf = {
    ...SPREAD,
    [EVENTS_CONF]: events,
    [ALERTS_PATH_CONF]: join(out, 'alerts.jsonl'),
    [SAVED_PATH_CONF]: join(out, 'activity.jsonl'),
  };
  const summary = await runLocal(topology, { workers, maxTuples: events, conf }).finished;
  const lines = (prefix: string): string[] =>
    readdirSync(out)
      .filter((f) => f.startsWith(prefix))
      .flatMap((f) => readFileSync(join(out, f), 'utf8').split('\n'))
      .filter((l) => l !== '')
      .sort();
  return { summary, alerts: lines('alerts'), saved: lines('activity') };
}

describe('user-activity with --workers 1 and --workers 2', () => {
  it('raises the same alerts and saves the same scored events on one thread and spread over two worker threads', async () => {
    const events = 8_000;
    const one = await runWith(1, events);
    const two = await runWith(2, events);
    expect(two.summary.workers?.length).toBe(2);
    for (const { summary } of [one, two]) {
      expect(summary.spoutTuples).toMatchObject({ acked: events, failed: 0 });
      expect(summary.lastErrors).toEqual([]);
    }
    expect(one.alerts.length).toBeGreaterThan(0);
    expect(two.alerts).toEqual(one.alerts);
    expect(one.saved).toHaveLength(events);
    expect(two.saved).toEqual(one.saved);
  });
});
