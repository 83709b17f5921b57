import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { describe, expect, it } from 'vitest';
import { loadTopology, runLocal } from '@twinstorm/local';
import { localRunView, uiApp } from '@twinstorm/web';

const FIXTURE = new URL('./support/metered-topology.ts', import.meta.url).pathname;
const TREES = 400;

describe.each([
  { mode: 'in this thread', workers: 1 },
  { mode: 'on 2 worker threads', workers: 2 },
])('user metrics (this.metrics...) $mode', ({ workers }) => {
  it('reach /metrics and the Storm-UI-shaped API with the counts the run made', async () => {
    const run = runLocal(await loadTopology(FIXTURE), { maxTuples: TREES, workers });
    await run.finished;
    if (workers > 1) expect(run.placement?.threads).toBe(2);
    const app = uiApp({ views: () => Promise.resolve([localRunView(run, { name: 'metered', pid: 7 })]) }, 50);
    try {
      const text = await (await app.request('/metrics')).text();
      const families = new Map(parsePrometheusTextFormat(text).map((f) => [f.name, f]));
      const total = (name: string): number => families.get(name)!.metrics.reduce((n, m) => n + Number(m.value), 0);
      // maxTuples stops nextTuple once TREES trees are out: the spout's counter counts exactly its emits.
      expect(total('twinstorm_user_numbers_emitted_total')).toBe(TREES);
      expect(families.get('twinstorm_user_numbers_emitted_total')!.type).toBe('COUNTER');
      expect(total('twinstorm_user_seen_total')).toBe(TREES);
      // The parser folds a labelled histogram's series into one object (see ui-api.test.ts): it checks the format and
      // the type; the per-task counts are read from the _count lines of the text.
      expect(families.get('twinstorm_user_n_mod_100')!.type).toBe('HISTOGRAM');
      expect(families.get('twinstorm_user_work_seconds')!.type).toBe('HISTOGRAM');
      const counts = (name: string): number[] =>
        [...text.matchAll(new RegExp(`^${name}_count\\{[^}]*component="sink"[^}]*\\} (\\d+)$`, 'gm'))].map((m) => Number(m[1]));
      expect(counts('twinstorm_user_n_mod_100')).toHaveLength(2);
      expect(counts('twinstorm_user_n_mod_100').reduce((a, b) => a + b, 0)).toBe(TREES);
      expect(counts('twinstorm_user_work_seconds').reduce((a, b) => a + b, 0)).toBe(TREES);
      const gauges = families.get('twinstorm_user_last_n')!;
      expect(gauges.type).toBe('GAUGE');
      expect(Math.max(...gauges.metrics.map((m) => Number(m.value)))).toBe(TREES - 1);

      const topology = (await (await app.request('/api/v1/topology/summary')).json()) as { topologies: { id: string }[] };
      const id = topology.topologies[0]!.id;
      const component = (await (await app.request(`/api/v1/topology/${id}/component/sink`)).json()) as {
        twinstorm: { userMetrics: { name: string; kind: string; count: number; task: number }[] };
      };
      const seen = component.twinstorm.userMetrics.filter((m) => m.name === 'seen');
      expect(seen.map((m) => m.kind)).toEqual(['meter', 'meter']);
      expect(seen.reduce((n, m) => n + m.count, 0)).toBe(TREES);
      expect(component.twinstorm.userMetrics.every((m) => m.name !== 'numbers-emitted')).toBe(true);
    } finally {
      await run.stop();
    }
  });
});
