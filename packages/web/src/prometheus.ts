import { AggregatorRegistry, type MetricValueWithName } from 'prom-client';
import type { LatencyView, RunView, TaskView, UserMetricView } from './view-types.ts';

/** The content type of the text exposition format prom-client writes. */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

type Labels = Record<string, string | number>;
/** One metric family as prom-client's getMetricsAsJSON() writes it (what AggregatorRegistry.aggregate reads). */
interface Family {
  name: string;
  help: string;
  type: 'counter' | 'gauge' | 'histogram' | 'summary';
  values: (MetricValueWithName<string> | { labels: Labels; value: number })[];
  aggregator: 'sum';
}

/**
 * The Prometheus text for these runs, through prom-client: every task's counters become samples labelled with its
 * run, component and task (a Storm topology known only through Nimbus's summary is labelled per component), and
 * prom-client's aggregating registry merges the runs' families into one exposition.
 */
export async function prometheusText(views: readonly RunView[]): Promise<string> {
  return AggregatorRegistry.aggregate(views.map(runFamilies)).metrics();
}

/** One run's families (runs of the same name add up, as prom-client's aggregation does for a cluster's workers). */
function runFamilies(v: RunView): Family[] {
  const families = new Map<string, Family>();
  const family = (name: string, type: Family['type'], help: string): Family => {
    const known = families.get(name);
    if (known !== undefined) return known;
    const f: Family = { name, help, type, values: [], aggregator: 'sum' };
    families.set(name, f);
    return f;
  };
  const add = (name: string, type: Family['type'], help: string, labels: Labels, value: number): void => {
    family(name, type, help).values.push({ labels, value });
  };
  {
    const run = { topology: v.name, runtime: v.runtime };
    add('twinstorm_uptime_seconds', 'gauge', 'Seconds since the run started.', run, v.uptimeMs / 1000);
    const perTask = v.tasks.length > 0;
    const rows: { labels: Labels; counts: Counts }[] = perTask
      ? v.tasks.map((t) => ({ labels: { ...run, component: t.component, task: t.task }, counts: t }))
      : v.components.map((c) => ({ labels: { ...run, component: c.id }, counts: { ...c, executed: c.executed ?? 0 } }));
    for (const { labels, counts } of rows) {
      add('twinstorm_emitted_total', 'counter', 'Tuples emitted, on all streams.', labels, counts.emitted);
      add('twinstorm_acked_total', 'counter', 'Bolts: input tuples acked. Spouts: tuple trees completed.', labels, counts.acked);
      add(
        'twinstorm_failed_total',
        'counter',
        'Bolts: input tuples failed. Spouts: tuple trees failed or timed out.',
        labels,
        counts.failed,
      );
      add('twinstorm_executed_total', 'counter', 'Bolts: tuples executed. Spouts: nextTuple calls that emitted.', labels, counts.executed);
      add('twinstorm_errors_total', 'counter', 'Errors raised or reported by the component.', labels, counts.errors);
    }
    for (const t of v.tasks) taskLatencies(t, { ...run, component: t.component, task: t.task }, family);
    for (const c of v.components) {
      const labels = { ...run, component: c.id };
      if (c.capacity !== null)
        add(
          'twinstorm_capacity',
          'gauge',
          "Bolts: share of the last window the busiest task spent executing (Storm's capacity).",
          labels,
          c.capacity,
        );
      if (c.queued !== null) add('twinstorm_queued', 'gauge', 'Bolts: tuples waiting in the task queues.', labels, c.queued);
      if (c.pending !== null) add('twinstorm_pending', 'gauge', 'Spouts: tuple trees pending.', labels, c.pending);
      if (!perTask && c.completeLatency !== undefined)
        histogram(family('twinstorm_complete_latency_seconds', 'histogram', COMPLETE_HELP), labels, c.completeLatency);
    }
    for (const w of v.workers) {
      const labels = { ...run, worker: w.index };
      add('twinstorm_worker_restarts_total', 'counter', 'Times the worker thread died and was started again.', labels, w.restarts);
      add('twinstorm_worker_cpu', 'gauge', 'Share of the last second the worker thread was busy.', labels, w.cpu);
    }
    for (const m of v.userMetrics) userMetric(m, { ...run, component: m.component, task: m.task }, family);
  }
  return [...families.values()];
}

interface Counts {
  emitted: number;
  acked: number;
  failed: number;
  executed: number;
  errors: number;
}

type FamilyOf = (name: string, type: Family['type'], help: string) => Family;

const COMPLETE_HELP = 'Spouts: time from emitting a tuple tree to its ack.';

function taskLatencies(t: TaskView, labels: Labels, family: FamilyOf): void {
  if (t.completeLatency !== undefined)
    histogram(family('twinstorm_complete_latency_seconds', 'histogram', COMPLETE_HELP), labels, t.completeLatency);
  if (t.executeLatency !== undefined) {
    const f = family('twinstorm_execute_latency_seconds', 'summary', 'Bolts: time spent in execute, over sampled tuples.');
    f.values.push(named('twinstorm_execute_latency_seconds_sum', labels, t.executeLatency.sumMs / 1000));
    f.values.push(named('twinstorm_execute_latency_seconds_count', labels, t.executeLatency.count));
  }
}

function histogram(f: Family, labels: Labels, l: LatencyView, unitPerMs = 1 / 1000): void {
  for (const b of l.buckets) f.values.push(named(`${f.name}_bucket`, { ...labels, le: b.leMs * unitPerMs }, b.count));
  f.values.push(named(`${f.name}_bucket`, { ...labels, le: '+Inf' }, l.count));
  f.values.push(named(`${f.name}_sum`, labels, l.sumMs * unitPerMs));
  f.values.push(named(`${f.name}_count`, labels, l.count));
}

/** A user metric as its own family, `twinstorm_user_<name>` (timers in seconds). */
function userMetric(m: UserMetricView, labels: Labels, family: FamilyOf): void {
  const base = `twinstorm_user_${m.name.replace(/[^a-zA-Z0-9_]/g, '_')}`;
  const help = `User ${m.kind} "${m.name}" (this.metrics.${m.kind}).`;
  if (m.kind === 'gauge') family(base, 'gauge', help).values.push({ labels, value: m.value ?? 0 });
  else if (m.kind === 'counter' || m.kind === 'meter') family(`${base}_total`, 'counter', help).values.push({ labels, value: m.count });
  else if (m.latency !== undefined) {
    const name = m.kind === 'timer' ? `${base}_seconds` : base;
    histogram(family(name, 'histogram', help), labels, m.latency, m.kind === 'timer' ? 1 / 1000 : 1);
  }
}

function named(metricName: string, labels: Labels, value: number): MetricValueWithName<string> {
  return { metricName, labels, value };
}
