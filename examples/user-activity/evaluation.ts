import type { AnomalyKind, LabeledEvent } from './event.ts';

/** How well a set of alerts matches the injected anomalies of a log. */
export interface Evaluation {
  /** Injected incidents all of whose events are in the log (a burst cut off by the end of the log is left out). */
  incidents: number;
  /** Incidents with at least one alert on one of their events. */
  detected: number;
  recall: number;
  alerts: number;
  /** Alerts on an injected event. */
  trueAlerts: number;
  precision: number;
  /** Per anomaly kind: incidents and detected ones. */
  byKind: Record<string, { incidents: number; detected: number }>;
  /** The incidents nobody alerted on, for diagnosis. */
  missed: { incident: number; anomaly: AnomalyKind; firstEventId: number; userId: string }[];
  /** The false alerts' event ids, for diagnosis. */
  falseAlertEventIds: number[];
}

/**
 * Scores alerts (by the event they point at) against the generator's labels: the figures the tests assert.
 * `log` is the full labelled log from the generator, `seen` how many of its events the pipeline processed.
 */
export function evaluateAlerts(log: readonly LabeledEvent[], seen: number, alertEventIds: readonly number[]): Evaluation {
  const events = log.slice(0, seen);
  const cutOff = new Set<number>();
  for (const e of log.slice(seen)) if (e.incident !== undefined) cutOff.add(e.incident);
  const incidentOf = new Map<number, number>();
  const incidents = new Map<number, { anomaly: AnomalyKind; firstEventId: number; userId: string }>();
  for (const e of events) {
    if (e.injected !== true || e.incident === undefined || e.anomaly === undefined) continue;
    incidentOf.set(e.event_id, e.incident);
    if (!incidents.has(e.incident) && !cutOff.has(e.incident))
      incidents.set(e.incident, { anomaly: e.anomaly, firstEventId: e.event_id, userId: e.user_id });
  }
  const detected = new Set<number>();
  const falseAlertEventIds: number[] = [];
  for (const id of alertEventIds) {
    const incident = incidentOf.get(id);
    if (incident === undefined) falseAlertEventIds.push(id);
    else if (incidents.has(incident)) detected.add(incident);
  }
  const byKind: Record<string, { incidents: number; detected: number }> = {};
  const missed: Evaluation['missed'] = [];
  for (const [incident, info] of incidents) {
    const k = (byKind[info.anomaly] ??= { incidents: 0, detected: 0 });
    k.incidents++;
    if (detected.has(incident)) k.detected++;
    else missed.push({ incident, ...info });
  }
  const trueAlerts = alertEventIds.length - falseAlertEventIds.length;
  return {
    incidents: incidents.size,
    detected: detected.size,
    recall: incidents.size === 0 ? 1 : detected.size / incidents.size,
    alerts: alertEventIds.length,
    trueAlerts,
    precision: alertEventIds.length === 0 ? 1 : trueAlerts / alertEventIds.length,
    byKind,
    missed,
    falseAlertEventIds,
  };
}
