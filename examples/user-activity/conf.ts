import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { confNumber, type Conf } from '@twinstorm/core';

/** Conf key: how many events the activity spout emits in total; unset = unbounded, as a live queue is. */
export const EVENTS_CONF = 'useractivity.events';
/** Conf key: the generator's seed (the simulated company and its anomalies). */
export const SEED_CONF = 'useractivity.seed';
/** Conf key: the JSON-lines file alerts are appended to. */
export const ALERTS_PATH_CONF = 'useractivity.alerts.path';
/** Conf key: the JSON-lines file scored activity is appended to. */
export const SAVED_PATH_CONF = 'useractivity.saved.path';
/** Conf key: how many events the saver gathers per write. */
export const SAVER_BATCH_CONF = 'useractivity.saver.batch';
/** Conf key: the event score that raises an alert by itself. */
export const ALERT_SCORE_CONF = 'useractivity.alert.score';
/** Conf key: the user risk that raises an alert. */
export const ALERT_RISK_CONF = 'useractivity.alert.risk';

/** Conf key: µs of extra CPU work the scorer spends per event (default 0), to try the engine with a CPU-heavy stage. */
export const SCORER_EXTRA_US_CONF = 'useractivity.scorer.extra.us';

/** Where output files go unless conf says otherwise. */
export const DEFAULT_OUTPUT_DIR = join(tmpdir(), 'twinstorm-user-activity');

/** Reads a string conf key, failing loudly on a value of another type. */
export function confString(conf: Conf, key: string): string | undefined {
  const value = conf[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.length === 0)
    throw new TypeError(`conf "${key}" must be a non-empty string, got ${JSON.stringify(value)}`);
  return value;
}

/** The alerts file from conf, or the default. */
export function alertsPath(conf: Conf): string {
  return confString(conf, ALERTS_PATH_CONF) ?? join(DEFAULT_OUTPUT_DIR, 'alerts.jsonl');
}

/** The scored-activity file from conf, or the default. */
export function savedPath(conf: Conf): string {
  return confString(conf, SAVED_PATH_CONF) ?? join(DEFAULT_OUTPUT_DIR, 'activity.jsonl');
}

/** A positive integer conf key, or the default. */
export function confCount(conf: Conf, key: string, fallback: number): number {
  const value = confNumber(conf, key) ?? fallback;
  if (!Number.isInteger(value) || value < 1) throw new TypeError(`conf "${key}" must be an integer >= 1, got ${value}`);
  return value;
}
