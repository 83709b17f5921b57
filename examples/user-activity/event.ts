import type { HostReputation } from './directory.ts';
import type { AreaOwner } from './resources.ts';

/** What a log line records a user doing. */
export type EventKind = 'login' | 'logout' | 'file_access' | 'privilege_change';

/** The kinds of anomaly the generator injects (ground truth for tests; the topology never sees them). */
export type AnomalyKind = 'night_login_new_host' | 'file_burst' | 'privilege_escalation' | 'impossible_travel';

/** One activity log event, as the queue delivers it. `resource` is a file path, a role, or '' for login/logout. */
export interface ActivityEvent {
  readonly event_id: number;
  readonly user_id: string;
  /** ms since the epoch (the company runs on one clock: hours are read in UTC). */
  readonly ts: number;
  readonly kind: EventKind;
  readonly host: string;
  readonly country: string;
  readonly resource: string;
}

/** A generated event with its ground-truth label; only the generator and the tests look at the label. */
export interface LabeledEvent extends ActivityEvent {
  readonly injected?: true;
  readonly anomaly?: AnomalyKind;
  /** Events injected together (e.g. one burst) share an incident number. */
  readonly incident?: number;
}

/** An event plus the context the enricher looked up. */
export interface EnrichedEvent extends ActivityEvent {
  readonly hour: number;
  readonly department: string;
  readonly host_reputation: HostReputation;
  readonly area: string;
  readonly area_owner: AreaOwner;
  readonly sensitivity: number;
}

/** An enriched event with how unusual it is for its user (0..1) and why (comma-separated signal names). */
export interface ScoredEvent extends EnrichedEvent {
  readonly score: number;
  readonly reasons: string;
}

/** A scored event plus its user's accumulated, decaying risk. */
export interface RiskedEvent extends ScoredEvent {
  readonly risk: number;
}

/** One alert, as written to the alerts file and emitted on the alert bolt's stream (as JSON text). */
export interface Alert {
  readonly alert_id: string;
  readonly event_id: number;
  readonly user_id: string;
  readonly ts: number;
  readonly time: string;
  /** What crossed a threshold: the event's own score, the user's accumulated risk, or both. */
  readonly triggers: readonly ('event_score' | 'entity_risk')[];
  readonly score: number;
  readonly risk: number;
  readonly reasons: readonly string[];
  readonly kind: EventKind;
  readonly host: string;
  readonly country: string;
  readonly resource: string;
  readonly department: string;
}
