import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BasicBolt, type Tuple } from '@twinstorm/core';
import { runLocal } from '@twinstorm/local';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluateAlerts } from './evaluation.ts';
import type { Alert, RiskedEvent } from './event.ts';
import { generateEvents } from './generator.ts';
import { runPipeline } from './offline.ts';
import { ALERTS_PATH_CONF, EVENTS_CONF, SAVED_PATH_CONF, USER_ACTIVITY_CONF, USER_ACTIVITY_NAME, userActivityBuilder } from './topology.ts';

// The engine runs tasks in this thread, so a capture bolt can hand what it sees to the test through module state.
const capturedAlerts: string[] = [];

/** Records the alert bolt's output stream. */
class CaptureBolt extends BasicBolt {
  execute(tuple: Tuple): void {
    capturedAlerts.push(tuple.getString('alert'));
  }
}

function readJsonLines<T>(path: string): T[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as T);
}

describe('user-activity topology on the local engine', () => {
  const dir = mkdtempSync(join(tmpdir(), 'twinstorm-user-activity-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('partitions the log among several spout tasks by user, keeping each user in order', async () => {
    const N = 4_000;
    const sub = mkdtempSync(join(dir, 'partitioned-'));
    const topology = userActivityBuilder({ activity: 3, alert: 2, save: 1 }).createTopology(USER_ACTIVITY_NAME, {
      ...USER_ACTIVITY_CONF,
      [EVENTS_CONF]: N,
      [ALERTS_PATH_CONF]: join(sub, 'alerts.jsonl'),
      [SAVED_PATH_CONF]: join(sub, 'activity.jsonl'),
    });

    const summary = await runLocal(topology, { maxTuples: N }).finished;

    expect(summary.spoutTuples.acked).toBe(N);
    expect(summary.spoutTuples.failed).toBe(0);
    const saved = readJsonLines<RiskedEvent>(join(sub, 'activity.jsonl'));
    expect(saved.map((s) => s.event_id).sort((a, b) => a - b)).toEqual(Array.from({ length: N }, (_, i) => i));
    // Two alert tasks, one file each; together they hold exactly the offline loop's alerts.
    const alerts = ['alerts.0.jsonl', 'alerts.1.jsonl'].flatMap((f) => readJsonLines<Alert>(join(sub, f)));
    const offline = runPipeline(generateEvents(N)).alerts;
    expect(alerts.map((a) => a.event_id).sort((a, b) => a - b)).toEqual(offline.map((a) => a.event_id).sort((a, b) => a - b));
    expect(offline.length).toBeGreaterThan(0);
  });

  it('alerts on every injected anomaly with few false alerts, and saves every event once', async () => {
    const N = 20_000;
    const alertsFile = join(dir, 'alerts.jsonl');
    const builder = userActivityBuilder();
    builder.setBolt('capture', CaptureBolt, 1).globalGrouping('alert');
    const topology = builder.createTopology(USER_ACTIVITY_NAME, {
      ...USER_ACTIVITY_CONF,
      [EVENTS_CONF]: N,
      [ALERTS_PATH_CONF]: alertsFile,
      [SAVED_PATH_CONF]: join(dir, 'activity.jsonl'),
    });

    const summary = await runLocal(topology, { maxTuples: N }).finished;

    expect(summary.spoutTuples.acked).toBe(N);
    expect(summary.spoutTuples.failed).toBe(0);
    expect(summary.lastErrors).toEqual([]);

    // Detection quality, from the alerts file, against the generator's labels.
    const alerts = readJsonLines<Alert>(alertsFile);
    const log = generateEvents(N + 1_000);
    const ev = evaluateAlerts(
      log,
      N,
      alerts.map((a) => a.event_id),
    );
    process.stderr.write(
      `user-activity on the local engine: ${N} events in ${summary.durationMs} ms; incidents=${ev.incidents} detected=${ev.detected} ` +
        `recall=${ev.recall.toFixed(3)} alerts=${ev.alerts} true=${ev.trueAlerts} precision=${ev.precision.toFixed(3)} ` +
        `by kind ${JSON.stringify(ev.byKind)}\n`,
    );
    expect(ev.missed).toEqual([]);
    expect(ev.recall).toBe(1);
    // Offline, the default seed gives 46 true of 47 alerts (0.979) and seeds 1-3 give 1.000 (pipeline.test.ts); 0.9
    // leaves room for threshold tweaks while still failing if, say, overtime or travel started raising alerts.
    expect(ev.precision).toBeGreaterThanOrEqual(0.9);

    // Every user's events take one path in order, so the engine must reach exactly the offline loop's alerts.
    const offline = runPipeline(log.slice(0, N)).alerts;
    expect(alerts.map((a) => a.event_id).sort((a, b) => a - b)).toEqual(offline.map((a) => a.event_id).sort((a, b) => a - b));
    expect(new Set(capturedAlerts)).toEqual(
      new Set(
        readFileSync(alertsFile, 'utf8')
          .split('\n')
          .filter((l) => l !== ''),
      ),
    );

    // The savers (two tasks, one file each) wrote each event exactly once, scored.
    const savedFiles = readdirSync(dir).filter((f) => f.startsWith('activity'));
    expect(savedFiles.sort()).toEqual(['activity.0.jsonl', 'activity.1.jsonl']);
    const saved = savedFiles.flatMap((f) => readJsonLines<RiskedEvent>(join(dir, f)));
    expect(saved).toHaveLength(N);
    const ids = saved.map((s) => s.event_id).sort((a, b) => a - b);
    expect(ids).toEqual(Array.from({ length: N }, (_, i) => i));
    expect(saved.every((s) => typeof s.score === 'number' && typeof s.risk === 'number' && typeof s.department === 'string')).toBe(true);
  });
});
