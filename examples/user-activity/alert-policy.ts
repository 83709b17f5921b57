import type { Alert, RiskedEvent } from './event.ts';
import type { UserCodec, UserStore } from './user-state.ts';

/** When to alert; the defaults are what the example's tests were tuned with. */
export interface AlertOptions {
  /** An event scoring at least this is an alert on its own. */
  scoreThreshold?: number;
  /** A user's risk rising to at least this is an alert (again only after it fell below half of it). */
  riskThreshold?: number;
  /** After an alert, a user's further alerts are suppressed for this long unless they bring a new reason (one incident, one alert). */
  cooldownMs?: number;
}

/** One user's alerting state: the open incident's time and reasons, and whether a risk alert is armed. */
export interface UserAlertState {
  lastAlertTs: number;
  /** Reasons already alerted on since lastAlertTs's window opened. */
  alerted: Set<string>;
  riskArmed: boolean;
}

/** A user's alerting state as a JSON value, for keyed state (no incident yet = null). */
export const userAlertCodec: UserCodec<UserAlertState> = {
  toJson: (u) => ({ lastAlertTs: Number.isFinite(u.lastAlertTs) ? u.lastAlertTs : null, alerted: [...u.alerted], riskArmed: u.riskArmed }),
  fromJson: (json) => {
    const j = json as { lastAlertTs: number | null; alerted: string[]; riskArmed: boolean };
    return { lastAlertTs: j.lastAlertTs ?? Number.NEGATIVE_INFINITY, alerted: new Set(j.alerted), riskArmed: j.riskArmed };
  },
};

/**
 * Decides which events become alerts: a high event score, or a user's risk crossing its threshold
 * (with hysteresis); within a cooldown a user gets another alert only for a new kind of evidence.
 * State is per user (fields grouping).
 */
export class AlertPolicy {
  readonly #users: UserStore<UserAlertState>;
  readonly #score: number;
  readonly #risk: number;
  readonly #cooldown: number;

  /** `users`: where the users' alerting state lives (the bolt passes its keyed state; a Map otherwise). */
  constructor(options: AlertOptions = {}, users: UserStore<UserAlertState> = new Map()) {
    this.#users = users;
    this.#score = options.scoreThreshold ?? 0.8;
    this.#risk = options.riskThreshold ?? 2.5;
    this.#cooldown = options.cooldownMs ?? 15 * 60_000;
  }

  /** The alert this event raises, or null. */
  check(e: RiskedEvent): Alert | null {
    const u = this.#users.get(e.user_id) ?? { lastAlertTs: Number.NEGATIVE_INFINITY, alerted: new Set<string>(), riskArmed: true };
    const alert = this.#decide(e, u);
    this.#users.set(e.user_id, u);
    return alert;
  }

  #decide(e: RiskedEvent, u: UserAlertState): Alert | null {
    const triggers: ('event_score' | 'entity_risk')[] = [];
    if (e.score >= this.#score) triggers.push('event_score');
    if (e.risk >= this.#risk && u.riskArmed) {
      triggers.push('entity_risk');
      u.riskArmed = false;
    } else if (e.risk < this.#risk / 2) {
      u.riskArmed = true;
    }
    if (triggers.length === 0) return null;
    const reasons = e.reasons === '' ? [] : e.reasons.split(',');
    if (Math.abs(e.ts - u.lastAlertTs) < this.#cooldown) {
      // Same incident: only an event alert with evidence of a new kind is worth another alert.
      if (!triggers.includes('event_score') || reasons.every((r) => u.alerted.has(r))) return null;
    } else {
      u.alerted.clear();
    }
    u.lastAlertTs = e.ts;
    for (const r of reasons) u.alerted.add(r);
    return {
      alert_id: `alert-${e.event_id}`,
      event_id: e.event_id,
      user_id: e.user_id,
      ts: e.ts,
      time: new Date(e.ts).toISOString(),
      triggers,
      score: e.score,
      risk: e.risk,
      reasons,
      kind: e.kind,
      host: e.host,
      country: e.country,
      resource: e.resource,
      department: e.department,
    };
  }
}
