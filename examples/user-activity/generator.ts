import { EMPLOYEES, MALICIOUS_ADDRESS_PREFIXES, SHARED_HOSTS } from './directory.ts';
import type { AnomalyKind, EventKind, LabeledEvent } from './event.ts';
import { countryDistanceKm } from './geo.ts';
import { drawHabits, pickArea, type Habits } from './habits.ts';
import { Prng } from './prng.ts';
import { AREAS, type Area } from './resources.ts';

/** The default seed: the same seed always yields the same events, anomalies included. */
export const DEFAULT_SEED = 20_240_304;
/** Monday 2024-03-04 00:00 UTC: day 0 of the simulation. */
export const SIMULATION_START = Date.UTC(2024, 2, 4);
/** The order in which anomaly kinds are injected (round-robin, so each kind is represented). */
export const ANOMALY_KINDS: readonly AnomalyKind[] = ['night_login_new_host', 'file_burst', 'privilege_escalation', 'impossible_travel'];

/** Knobs of the generator; defaults give ~1,100 events per working day and two anomalies a day from day 3. */
export interface GeneratorOptions {
  seed?: number;
  /** First day (0-based) with injected anomalies: earlier days let baselines form. */
  firstAnomalyDay?: number;
  anomaliesPerDay?: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const TRAVEL_DESTINATIONS = ['US', 'GB', 'DE', 'IN', 'FR', 'ES', 'NL', 'CA'];
const FAR_COUNTRIES = ['BR', 'RU', 'CN', 'NG', 'AU'];
const EXTENSIONS = ['pdf', 'docx', 'xlsx', 'txt', 'md', 'csv'];

/** A user's working session on one day. */
interface Session {
  readonly habits: Habits;
  readonly start: number;
  readonly end: number;
  readonly host: string;
  readonly country: string;
}

/** An event before it gets its position in the log (event_id is set when the day is sorted). */
type Draft = { -readonly [K in keyof LabeledEvent]: LabeledEvent[K] };

/** Per-user state that lasts across days. */
interface UserState {
  readonly habits: Habits;
  tripCountry: string | null;
  tripDaysLeft: number;
}

/**
 * The activity log of the simulated company, in time order, forever: each user's normal days drawn
 * from their habits plus injected anomalies labelled with `injected`, `anomaly` and `incident`.
 */
export function* activityEvents(options: GeneratorOptions = {}): Generator<LabeledEvent, never, undefined> {
  const prng = new Prng(options.seed ?? DEFAULT_SEED);
  const firstAnomalyDay = options.firstAnomalyDay ?? 3;
  const anomaliesPerDay = options.anomaliesPerDay ?? 2;
  const users: UserState[] = EMPLOYEES.map((e) => ({ habits: drawHabits(e, prng), tripCountry: null, tripDaysLeft: 0 }));
  let nextId = 0;
  let incident = 0;
  for (let day = 0; ; day++) {
    const dayStart = SIMULATION_START + day * DAY;
    const drafts: Draft[] = [];
    const sessions: Session[] = [];
    for (const user of users) {
      const session = drawSession(user, dayStart, day % 7 >= 5, prng);
      if (session === null) continue;
      sessions.push(session);
      normalDay(session, prng, drafts);
    }
    if (day >= firstAnomalyDay) {
      for (let i = 0; i < anomaliesPerDay; i++) {
        const kind = ANOMALY_KINDS[incident % ANOMALY_KINDS.length] ?? 'file_burst';
        if (inject(kind, incident, dayStart, sessions, prng, drafts)) incident++;
      }
    }
    // Stable sort: equal timestamps keep generation order, so a seed always yields the same log.
    drafts.sort((a, b) => a.ts - b.ts);
    for (const draft of drafts) {
      draft.event_id = nextId++;
      yield draft;
    }
  }
}

function drawSession(user: UserState, dayStart: number, weekend: boolean, prng: Prng): Session | null {
  const h = user.habits;
  // Trips start and end with a day spent flying (no activity), as real long-haul trips do.
  if (user.tripCountry !== null) {
    if (user.tripDaysLeft === 0) {
      user.tripCountry = null;
      return null;
    }
    user.tripDaysLeft--;
  } else if (!weekend && prng.chance(h.travelChance)) {
    user.tripCountry = prng.pick(TRAVEL_DESTINATIONS.filter((c) => c !== h.employee.office));
    user.tripDaysLeft = prng.int(1, 3);
    return null;
  }
  if (weekend ? !prng.chance(h.weekendChance) : !prng.chance(0.94)) return null;
  const country = user.tripCountry ?? h.employee.office;
  let host = user.tripCountry !== null || prng.chance(0.2) ? h.laptop : h.desktop;
  if (prng.chance(0.02)) host = prng.pick(SHARED_HOSTS);
  else if (prng.chance(0.01)) host = `198.51.100.${prng.int(1, 254)}`;
  const startHour = weekend ? prng.range(10, 14) : h.startHour + prng.normal(0, 0.4);
  let length = weekend ? prng.range(1, 4) : h.dayLength + prng.normal(0, 0.4);
  if (!weekend && prng.chance(h.overtimeChance)) length += prng.range(1.5, 3.5);
  const start = dayStart + Math.round(startHour * HOUR);
  return { habits: h, start, end: start + Math.round(length * HOUR), host, country };
}

function draft(s: Session, ts: number, kind: EventKind, resource: string): Draft {
  return { event_id: -1, user_id: s.habits.employee.userId, ts, kind, host: s.host, country: s.country, resource };
}

function fileIn(area: Area, prng: Prng): string {
  return `${area.path}doc-${prng.int(1, 400)}.${prng.pick(EXTENSIONS)}`;
}

function normalDay(s: Session, prng: Prng, out: Draft[]): void {
  const h = s.habits;
  const span = s.end - s.start;
  out.push(draft(s, s.start, 'login', ''));
  const files = Math.max(1, Math.round(h.filesPerDay * prng.range(0.6, 1.4) * (span < 5 * HOUR ? 0.4 : 1)));
  for (let i = 0; i < files; i++) {
    out.push(
      draft(s, s.start + MINUTE + Math.floor(prng.next() * (span - 2 * MINUTE)), 'file_access', fileIn(pickArea(h.areas, prng), prng)),
    );
  }
  if (prng.chance(0.1)) {
    // A benign flurry: opening a project's files in a few minutes.
    const at = s.start + Math.floor(prng.next() * (span - 10 * MINUTE));
    const area = pickArea(h.areas, prng);
    const n = prng.int(5, 9);
    for (let i = 0; i < n; i++) out.push(draft(s, at + i * prng.int(5, 25) * 1000, 'file_access', fileIn(area, prng)));
  }
  for (const [role, p] of h.roles) {
    if (prng.chance(p)) out.push(draft(s, s.start + Math.floor(prng.next() * span), 'privilege_change', role));
  }
  out.push(draft(s, s.end, 'logout', ''));
}

function label(d: Draft, anomaly: AnomalyKind, incident: number): Draft {
  return { ...d, injected: true, anomaly, incident };
}

function inject(kind: AnomalyKind, incident: number, dayStart: number, sessions: readonly Session[], prng: Prng, out: Draft[]): boolean {
  const working = sessions.filter((s) => s.end - s.start >= 3 * HOUR);
  if (working.length === 0) return false;
  const s = prng.pick(working);
  const user = s.habits.employee;
  const during = (margin: number): number => s.start + margin + Math.floor(prng.next() * (s.end - s.start - 2 * margin));
  switch (kind) {
    case 'night_login_new_host': {
      const host = prng.chance(0.5) ? `${prng.pick(MALICIOUS_ADDRESS_PREFIXES)}${prng.int(1, 254)}` : `203.0.113.${prng.int(1, 254)}`;
      const ts = dayStart + prng.int(1 * 60, 4 * 60 + 59) * MINUTE;
      out.push(label({ event_id: -1, user_id: user.userId, ts, kind: 'login', host, country: user.office, resource: '' }, kind, incident));
      return true;
    }
    case 'file_burst': {
      const targets = AREAS.filter((a) => a.sensitivity >= 2 && a.owner !== user.department && a.path.startsWith('/'));
      let ts = during(30 * MINUTE);
      const n = prng.int(25, 40);
      for (let i = 0; i < n; i++) {
        ts += prng.int(2, 8) * 1000;
        out.push(label(draft(s, ts, 'file_access', fileIn(prng.pick(targets), prng)), kind, incident));
      }
      return true;
    }
    case 'privilege_escalation': {
      const candidates = working.filter((w) => w.habits.roles.length === 0);
      if (candidates.length === 0) return false;
      const victim = prng.pick(candidates);
      const roles = AREAS.filter((a) => a.path.startsWith('role:') && a.sensitivity === 3 && a.owner !== victim.habits.employee.department);
      const ts = victim.start + Math.floor(prng.next() * (victim.end - victim.start));
      out.push(label(draft(victim, ts, 'privilege_change', prng.pick(roles).path), kind, incident));
      return true;
    }
    case 'impossible_travel': {
      const far = FAR_COUNTRIES.filter((c) => countryDistanceKm(c, s.country) > 3000);
      const ts = s.start + prng.int(20, 90) * MINUTE;
      const host = `203.0.113.${prng.int(1, 254)}`;
      out.push(
        label({ event_id: -1, user_id: user.userId, ts, kind: 'login', host, country: prng.pick(far), resource: '' }, kind, incident),
      );
      return true;
    }
  }
}

/** The first `count` events of the log for `options` (tests and tools; the spout streams instead). */
export function generateEvents(count: number, options: GeneratorOptions = {}): LabeledEvent[] {
  const out: LabeledEvent[] = [];
  if (count <= 0) return out;
  for (const e of activityEvents(options)) {
    out.push(e);
    if (out.length >= count) break;
  }
  return out;
}
