import type { UserBaseline } from './baseline.ts';
import type { EnrichedEvent } from './event.ts';
import { countryDistanceKm } from './geo.ts';

// Each signal says how unusual one aspect of an event is for its user, 0 (normal) .. 1 (certainly odd).
// They are pure functions of the baseline and the event, so they can be tested and tuned in isolation.

/** One piece of evidence: its name (the alert's reason) and strength in 0..1. */
export interface Signal {
  readonly name: string;
  readonly strength: number;
}

/** The file-access rate window. */
export const RATE_WINDOW_MS = 5 * 60_000;
/** Travel faster than this between two events' countries is impossible (airliners cruise at ~900 km/h). */
export const MAX_TRAVEL_KMH = 1000;

const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));

// Company-wide working hours, the prior a young baseline leans on: daytime is normal for anyone, the night is not.
const HOUR_WEIGHTS = Array.from({ length: 24 }, (_, h) => (h >= 6 && h <= 19 ? 1 : h === 5 || h === 20 || h === 21 ? 0.3 : 0.02));
const HOUR_WEIGHT_SUM = HOUR_WEIGHTS.reduce((a, b) => a + b, 0);
/** The prior's weight, in events: it dominates a user's first days and fades as their own histogram grows. */
const HOUR_PRIOR_EVENTS = 12;
/** The floor of the file-access rate's standard deviation: nobody's rate is that regular. */
const RATE_SD_FLOOR = 2;

/** A host the threat feed flags, or one the user has never used (more so if it is not a company machine). */
export function hostSignal(b: UserBaseline, e: EnrichedEvent): Signal | null {
  if (e.host_reputation === 'malicious') return { name: 'malicious_host', strength: 0.8 };
  if (b.hosts.has(e.host)) return null;
  return e.host_reputation === 'managed' ? { name: 'new_host', strength: 0.3 } : { name: 'new_unmanaged_host', strength: 0.5 };
}

/**
 * Activity at an hour the user is rarely active (their hour histogram, smoothed over neighbouring hours).
 * Full weight for a login (starting work at 3 a.m.), half for activity within a session (working late).
 */
export function hourSignal(b: UserBaseline, e: EnrichedEvent): Signal | null {
  const h = e.hour;
  const around = (b.hours[h] ?? 0) + 0.5 * ((b.hours[(h + 23) % 24] ?? 0) + (b.hours[(h + 1) % 24] ?? 0));
  const prior = ((HOUR_WEIGHTS[h] ?? 0) / HOUR_WEIGHT_SUM) * HOUR_PRIOR_EVENTS;
  const p = (around + prior) / (2 * b.hourTotal + HOUR_PRIOR_EVENTS);
  const surprisal = -Math.log(p);
  const strength = clamp((surprisal - 3.5) / 3, 0, 0.7) * (e.kind === 'login' ? 1 : 0.5);
  return strength > 0 ? { name: 'unusual_hour', strength } : null;
}

/** A country the user could not have reached since their last trusted event, or one they have never been in. */
export function travelSignal(b: UserBaseline, e: EnrichedEvent): Signal | null {
  if (b.lastCountry === '' || e.country === b.lastCountry) return null;
  const km = countryDistanceKm(b.lastCountry, e.country);
  const hours = Math.max(Math.abs(e.ts - b.lastCountryTs) / 3_600_000, 1 / 60);
  if (km > 500 && km / hours > MAX_TRAVEL_KMH) return { name: 'impossible_travel', strength: 0.95 };
  return b.countries.has(e.country) ? null : { name: 'new_country', strength: 0.3 };
}

/** A file area the user has never touched, weighted by its sensitivity and whether another department owns it. */
export function areaSignal(b: UserBaseline, e: EnrichedEvent): Signal | null {
  if (e.kind !== 'file_access' || b.areas.has(e.area)) return null;
  const base = [0.1, 0.2, 0.45, 0.6][e.sensitivity] ?? 0.2;
  const foreign = e.area_owner !== 'all' && e.area_owner !== e.department;
  return { name: e.sensitivity >= 2 ? 'new_sensitive_area' : 'new_area', strength: foreign ? base : base * 0.6 };
}

/** Far more file accesses in the window than the user's usual (a z-score over their learned window counts). */
export function rateSignal(b: UserBaseline, e: EnrichedEvent, inWindow: number): Signal | null {
  if (e.kind !== 'file_access' || b.rateSamples < 10) return null;
  const sd = Math.max(Math.sqrt(b.rateVar), RATE_SD_FLOOR);
  const z = (inWindow - b.rateMean) / sd;
  const strength = clamp((z - 4) / 6, 0, 0.9);
  return strength > 0 ? { name: 'file_access_burst', strength } : null;
}

/**
 * A privileged role owned by another department is a policy exception every time it is assumed; a role of
 * the user's own department is odd only the first time (more so for crown-jewel roles and first-timers).
 */
export function privilegeSignal(b: UserBaseline, e: EnrichedEvent): Signal | null {
  if (e.kind !== 'privilege_change') return null;
  if (e.area_owner !== 'all' && e.area_owner !== e.department) {
    return { name: 'foreign_privilege', strength: e.sensitivity >= 3 ? 0.85 : 0.6 };
  }
  if (b.roles.has(e.resource)) return null;
  const role = e.sensitivity >= 3 ? 0.5 : 0.3;
  const first = b.roles.size === 0 ? 0.4 : 0;
  return { name: b.roles.size === 0 ? 'first_privilege_change' : 'new_privilege', strength: 1 - (1 - role) * (1 - first) };
}
