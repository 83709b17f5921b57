// The user-activity example on the local engine and on Storm: the same generated log in, the same scores, risks and
// alerts out, per user in order, and the same files written (issue 4: both examples give the same results on Storm).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diffRuns, runTopology, useStormCluster, type CapturedTuple, type RunResult, type Runtime } from '@twinstorm/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALERTS_PATH_CONF, SAVED_PATH_CONF } from './conf.ts';
import type { Alert, LabeledEvent, RiskedEvent } from './event.ts';
import { eventValues, riskedValues, scoredValues } from './fields.ts';
import { activityEvents, ANOMALY_KINDS, DEFAULT_SEED, SIMULATION_START } from './generator.ts';
import { runPipeline } from './offline.ts';

const TOPOLOGY = new URL('./topology.ts', import.meta.url).pathname;

/**
 * The fixture: the default seed's log for Monday to Friday of the first week (anomalies are injected from day 3),
 * restricted to the four users attacked in those days (one incident of each kind) plus u02, who is not attacked, so
 * each of the four scorer tasks gets a user. All state is per user, so these users' events score exactly as they do
 * in the full log, with warm baselines (about 100 events each) — 614 events.
 */
const DAYS = 5;
const USERS = new Set(['u02', 'u08', 'u21', 'u26', 'u34']);

function fixtureLog(): LabeledEvent[] {
  const end = SIMULATION_START + DAYS * 86_400_000;
  const out: LabeledEvent[] = [];
  for (const e of activityEvents({ seed: DEFAULT_SEED })) {
    if (e.ts >= end) break; // the log is in time order
    if (USERS.has(e.user_id)) out.push(e);
  }
  return out;
}

const log = fixtureLog();
// The topology's logic without an engine, over the same events: what both runtimes must reach.
const offline = runPipeline(log);

/** Every bolt after the spout but the saver is fields-grouped on user_id: per user, emits keep the log's order. */
const BY_USER = { score: ['user_id'], entity: ['user_id'] };

/** A run's output directory: expectTwin would give both runs one conf, and the bolts append to the files it names. */
const out = mkdtempSync(join(tmpdir(), 'twinstorm-user-activity-storm-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** The runs compared: the local engine, Storm on one worker, and Storm on two (tuples cross workers through Kryo). */
type RunKey = 'local' | 'storm' | 'storm-2w';
const RUNS: readonly RunKey[] = ['local', 'storm', 'storm-2w'];

async function run(key: RunKey): Promise<RunResult> {
  const dir = join(out, key);
  const runtime: Runtime = key === 'local' ? 'local' : 'storm';
  return runTopology(TOPOLOGY, {
    runtime,
    inputs: { activity: log.map(eventValues) },
    capture: ['score', 'entity', 'alert'],
    // Absolute paths outside the repo: on Storm the bolts' cwd is the worker's resources dir, and the files land here.
    conf: {
      [ALERTS_PATH_CONF]: join(dir, 'alerts.jsonl'),
      [SAVED_PATH_CONF]: join(dir, 'activity.jsonl'),
      ...(key === 'storm-2w' ? { 'topology.workers': 2 } : {}),
    },
    ...(runtime === 'storm' ? { nimbus: (await useStormCluster()).nimbus } : {}),
  });
}

/** The captured tuples of `component`, per user, in arrival order. */
function perUser(r: RunResult, component: string): Map<string, unknown[][]> {
  const m = new Map<string, unknown[][]>();
  for (const t of r.captured.filter((c: CapturedTuple) => c.component === component)) {
    const user = String(t.values[t.fields.indexOf('user_id')]);
    m.set(user, [...(m.get(user) ?? []), [...t.values]]);
  }
  return m;
}

function offlinePerUser(values: (e: RiskedEvent) => unknown[]): Map<string, unknown[][]> {
  const m = new Map<string, unknown[][]>();
  for (const e of offline.scored) m.set(e.user_id, [...(m.get(e.user_id) ?? []), values(e)]);
  return m;
}

function alertsOf(r: RunResult): Alert[] {
  return r.captured.filter((t) => t.component === 'alert').map((t) => JSON.parse(String(t.values[0])) as Alert);
}

function lines(path: string): string[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '');
}

describe('user-activity on the local engine and on Storm', () => {
  const runs = {} as Record<RunKey, RunResult>;

  beforeAll(async () => {
    for (const key of RUNS) runs[key] = await run(key);
    process.stderr.write(
      `user-activity twin: ${log.length} events; ${RUNS.map((k) => `${k} ${runs[k].durationMs} ms (${runs[k].topologyName})`).join(', ')}\n`,
    );
  }, 900_000);

  it('the fixture is a few hundred events with warm baselines and one incident of each kind', () => {
    expect(log).toHaveLength(614);
    expect(new Set(log.filter((e) => e.injected).map((e) => e.anomaly))).toEqual(new Set(ANOMALY_KINDS));
    expect(offline.alerts.map((a) => `${a.user_id}@${a.event_id}`)).toEqual(['u21@3049', 'u34@3545', 'u34@3555', 'u26@4138', 'u08@4488']);
  });

  for (const storm of ['storm', 'storm-2w'] as const) {
    it(`captures the same tuples on local and ${storm}: as multisets, per user in order, on the same task indexes`, () => {
      // What expectTwin checks, with each run writing to its own directory.
      expect(diffRuns(runs.local, runs[storm], { key: BY_USER, withTaskIndex: ['score', 'entity', 'alert'] })).toEqual([]);
    });
  }

  it('storm ran on 1 worker JVM and storm-2w on 2 (Nimbus status at the end of each run)', () => {
    expect([runs.storm.stormWorkers, runs['storm-2w'].stormWorkers]).toEqual([1, 2]);
  });

  for (const runtime of RUNS) {
    // Acked means saved too: a saver task acks a batch once it has 200 events, the rest on its 1 s tick tuple (614 is
    // no multiple of 200, so on each runtime at least one saver task's ticks arrived).
    it(`${runtime}: every event acked, none failed or refused, no errors`, () => {
      const r = runs[runtime];
      expect(r.acked).toBe(log.length);
      expect(r.failed).toBe(0);
      expect(r.rejected).toEqual([]);
      expect(Object.values(r.errors).flat()).toEqual([]);
    });

    it(`${runtime}: each user's scores and risks are the offline pipeline's, in log order`, () => {
      const r = runs[runtime];
      expect(perUser(r, 'score')).toEqual(offlinePerUser(scoredValues));
      expect(perUser(r, 'entity')).toEqual(offlinePerUser(riskedValues));
      const scores = r.captured.filter((t) => t.component === 'score').map((t) => t.values[t.fields.indexOf('score')] as number);
      expect(scores.filter((s) => s > 0).length).toBeGreaterThan(40);
    });

    it(`${runtime}: raises the offline pipeline's 5 alerts, in order per user`, () => {
      const alerts = alertsOf(runs[runtime]);
      expect(alerts).toHaveLength(5);
      const byUser = (as: readonly Alert[], u: string) => as.filter((a) => a.user_id === u);
      for (const u of USERS) expect(byUser(alerts, u)).toEqual(byUser(offline.alerts, u));
    });

    it(`${runtime}: writes each alert and each scored event once, to per-task files under the conf's paths`, () => {
      const dir = join(out, runtime);
      expect(readdirSync(dir).sort()).toEqual(['activity.0.jsonl', 'activity.1.jsonl', 'alerts.jsonl']);
      const captured = runs[runtime].captured.filter((t) => t.component === 'alert').map((t) => String(t.values[0]));
      expect(lines(join(dir, 'alerts.jsonl')).sort()).toEqual(captured.sort());
      const saved = ['activity.0.jsonl', 'activity.1.jsonl'].flatMap((f) => lines(join(dir, f)));
      expect(saved.sort()).toEqual(offline.scored.map((e) => JSON.stringify(e)).sort());
    });
  }
});
