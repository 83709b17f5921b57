import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLocal, type LocalRun, type RunSnapshot } from '@twinstorm/local';
import { localRunView, uiApp, type RunView } from '@twinstorm/web';
import { numbersTopology } from './support/topology.ts';

const TREES = 500;
let run: LocalRun;
let final: RunSnapshot;
let view: RunView;
const app = uiApp({ views: () => Promise.resolve([localRunView(run, { name: 'numbers', pid: 42 })]) }, 50);

beforeAll(async () => {
  run = runLocal(numbersTopology(), { maxTuples: TREES, workers: 1 });
  final = await run.finished;
  view = localRunView(run, { name: 'numbers', pid: 42 });
});

afterAll(async () => {
  await run.stop();
});

async function get(path: string): Promise<{ status: number; type: string; body: string }> {
  const response = await app.request(path);
  return { status: response.status, type: response.headers.get('content-type') ?? '', body: await response.text() };
}

describe('/metrics', () => {
  it('is Prometheus text that a Prometheus parser reads, with every task counted as the run summary counts it', async () => {
    const { status, type, body } = await get('/metrics');
    expect(status).toBe(200);
    expect(type).toContain('text/plain; version=0.0.4');
    const families = new Map(parsePrometheusTextFormat(body).map((f) => [f.name, f]));
    const sumFor = (name: string, component: string): number =>
      families
        .get(name)!
        .metrics.filter((m) => m.labels?.['component'] === component)
        .reduce((n, m) => n + Number(m.value), 0);
    for (const [component, m] of Object.entries(final.components)) {
      expect(sumFor('twinstorm_emitted_total', component), `${component} emitted`).toBe(m.emitted);
      expect(sumFor('twinstorm_acked_total', component), `${component} acked`).toBe(m.acked);
      expect(sumFor('twinstorm_failed_total', component), `${component} failed`).toBe(m.failed);
      expect(sumFor('twinstorm_executed_total', component), `${component} executed`).toBe(m.executed);
    }
    expect(families.get('twinstorm_acked_total')!.type).toBe('COUNTER');
    // One sample per task: 1 spout + 2 + 1 bolt tasks.
    expect(view.tasks).toHaveLength(4);
    expect(
      families
        .get('twinstorm_emitted_total')!
        .metrics.map((m) => m.labels?.['task'])
        .sort(),
    ).toEqual(view.tasks.map((t) => String(t.task)).sort());
    expect(sumFor('twinstorm_acked_total', 'numbers')).toBe(TREES);
  });

  it('has a complete-latency histogram per spout task whose buckets only grow and end at the trees acked', async () => {
    const { body } = await get('/metrics');
    const families = parsePrometheusTextFormat(body);
    const latency = families.find((f) => f.name === 'twinstorm_complete_latency_seconds')!;
    expect(latency.type).toBe('HISTOGRAM');
    // The parser folds a histogram's buckets into one object (keeping neither labels nor _sum/_count when the
    // series are labelled), so with one spout task the buckets are that task's; its labels are checked on the text.
    expect(latency.metrics).toHaveLength(1);
    const buckets = latency.metrics[0]!.buckets!;
    // Keys such as "1" and "10" are integer-like, so the object does not keep the text's order: sort by bound.
    const counts = Object.entries(buckets)
      .sort(([a], [b]) => Number(a.replace('+Inf', 'Infinity')) - Number(b.replace('+Inf', 'Infinity')))
      .map(([, count]) => Number(count));
    expect(counts.length).toBeGreaterThan(10);
    for (let i = 1; i < counts.length; i++) expect(counts[i]).toBeGreaterThanOrEqual(counts[i - 1]!);
    expect(Number(buckets['+Inf'])).toBe(TREES);
    const spoutTask = view.tasks.find((t) => t.component === 'numbers')!.task;
    expect(body).toContain(
      `twinstorm_complete_latency_seconds_count{topology="numbers",runtime="local",component="numbers",task="${spoutTask}"} ${TREES}`,
    );
    const execute = families.find((f) => f.name === 'twinstorm_execute_latency_seconds')!;
    expect(execute.type).toBe('SUMMARY');
    expect(execute.metrics.map((m) => m.labels?.['component']).sort()).toEqual(['double', 'double', 'sink']);
  });
});

describe('the Storm-UI-shaped JSON API', () => {
  it("lists the run under /api/v1/topology/summary with Storm's keys", async () => {
    const { status, body } = await get('/api/v1/topology/summary');
    expect(status).toBe(200);
    const summary = JSON.parse(body) as { topologies: Record<string, unknown>[] };
    expect(summary.topologies).toHaveLength(1);
    expect(summary.topologies[0]).toMatchObject({ id: 'numbers-42', name: 'numbers', status: 'STOPPED', tasksTotal: 4, executorsTotal: 4 });
  });

  it('gives the topology page with spouts and bolts, and a component page with one executor per task', async () => {
    const page = JSON.parse((await get('/api/v1/topology/numbers-42')).body) as {
      spouts: Record<string, unknown>[];
      bolts: Record<string, unknown>[];
      topologyStats: Record<string, unknown>[];
    };
    expect(page.spouts).toEqual([expect.objectContaining({ spoutId: 'numbers', tasks: 1, acked: TREES, failed: 0 })]);
    expect(page.bolts.map((b) => b.boltId)).toEqual(['double', 'sink']);
    expect(page.bolts[0]).toMatchObject({ executed: final.components['double']!.executed, emitted: final.components['double']!.emitted });
    expect(page.topologyStats[0]).toMatchObject({ window: ':all-time', acked: TREES });
    expect(page.spouts[0]!['completeLatency']).toMatch(/^\d+\.\d{3}$/);

    const component = JSON.parse((await get('/api/v1/topology/numbers-42/component/double')).body) as {
      componentType: string;
      executorStats: { id: string; executed: number }[];
      twinstorm: { inputs: unknown[] };
    };
    expect(component.componentType).toBe('bolt');
    expect(component.executorStats.map((e) => e.id)).toEqual(['[2-2]', '[3-3]']);
    expect(component.executorStats.reduce((n, e) => n + e.executed, 0)).toBe(final.components['double']!.executed);
    expect(component.twinstorm.inputs).toEqual([{ component: 'numbers', stream: 'default', grouping: { type: 'shuffle' } }]);
  });

  it('answers 404 with what exists for an unknown topology or component', async () => {
    const topology = await get('/api/v1/topology/nope');
    expect(topology.status).toBe(404);
    expect(topology.body).toContain('/api/v1/topology/summary');
    const component = await get('/api/v1/topology/numbers-42/component/nope');
    expect(component.status).toBe(404);
    expect(JSON.parse(component.body)).toEqual({ error: 'no component "nope" in topology "numbers-42"' });
  });

  it('serves the page and the chart library from the package, no CDN', async () => {
    const page = await get('/');
    expect(page.type).toContain('text/html');
    const sources = [...page.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(sources.length).toBeGreaterThanOrEqual(4);
    for (const source of sources) {
      expect(source.startsWith('/assets/'), source).toBe(true);
      expect((await get(source)).status, source).toBe(200);
    }
    expect((await get('/assets/uPlot.iife.min.js')).body).toContain('uPlot');
  });

  it('streams the runs with their rates as server-sent events', async () => {
    const response = await app.request('/api/v1/events');
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    let text = '';
    while (!text.includes('\n\n')) text += new TextDecoder().decode((await reader.read()).value);
    await reader.cancel();
    expect(text).toMatch(/^event: runs\ndata: /);
    const data = JSON.parse(text.split('\n')[1]!.slice('data: '.length)) as { runs: { view: RunView }[] };
    expect(data.runs[0]!.view).toMatchObject({ id: view.id, components: view.components });
  });
});
