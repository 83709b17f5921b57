import { newBaseline, type UserBaseline } from './baseline.ts';
import type { EnrichedEvent, ScoredEvent } from './event.ts';
import { withScore } from './fields.ts';
import type { UserStore } from './user-state.ts';
import { areaSignal, hostSignal, hourSignal, privilegeSignal, rateSignal, RATE_WINDOW_MS, travelSignal, type Signal } from './signals.ts';

/** How the scorer behaves; the defaults are what the example's tests were tuned with. */
export interface ScorerOptions {
  /** Events of a user during which only baseline-free signals (threat feed, impossible travel) count. */
  warmupEvents?: number;
}

/** Signals that need no history: they count from a user's first event. */
const BASELINE_FREE = new Set(['malicious_host', 'impossible_travel', 'foreign_privilege']);
/** Signals listed as reasons when at least this strong. */
const REASON_MIN = 0.15;
const RATE_ALPHA = 0.02;
/** Window counts this many standard deviations above the mean are not learned (winsorised statistics: a burst must not become normal). */
const RATE_LEARN_Z = 3;

/**
 * Scores each event against its user's baseline and then learns from it. State is per user, so the
 * bolt that owns it must receive all of a user's events (fields grouping on user_id).
 */
export class UserScorer {
  readonly #baselines: UserStore<UserBaseline>;
  readonly #warmup: number;

  /** `baselines`: where the users' baselines live (the bolt passes its keyed state; a Map otherwise). */
  constructor(options: ScorerOptions = {}, baselines: UserStore<UserBaseline> = new Map()) {
    this.#warmup = options.warmupEvents ?? 20;
    this.#baselines = baselines;
  }

  /**
   * Scores the event (noisy-OR of its signals, 0..1) and updates the user's baseline; with `learn: false` (an event
   * replayed after a restart, already in the restored baseline) it scores without learning it a second time.
   */
  score(e: EnrichedEvent, { learn = true }: { learn?: boolean } = {}): ScoredEvent {
    let b = this.#baselines.get(e.user_id);
    if (b === undefined) b = newBaseline();
    const inWindow = e.kind !== 'file_access' ? 0 : learn ? recordFileAccess(b, e.ts) : fileAccessesUpTo(b, e.ts);
    const warm = b.events >= this.#warmup;
    const signals = [
      hostSignal(b, e),
      hourSignal(b, e),
      travelSignal(b, e),
      areaSignal(b, e),
      rateSignal(b, e, inWindow),
      privilegeSignal(b, e),
    ];
    let normal = 1;
    const reasons: string[] = [];
    for (const s of signals) {
      if (s === null || (!warm && !BASELINE_FREE.has(s.name))) continue;
      normal *= 1 - s.strength;
      if (s.strength >= REASON_MIN) reasons.push(s.name);
    }
    const score = Math.round((1 - normal) * 1000) / 1000;
    if (learn) {
      b.events++;
      learnFrom(b, e, inWindow, signals);
      this.#baselines.set(e.user_id, b);
    }
    return withScore(e, score, reasons.join(','));
  }
}

/** The file accesses in the window ending at `ts` (for an event already recorded). */
function fileAccessesUpTo(b: UserBaseline, ts: number): number {
  let n = 0;
  for (const t of b.recentFiles) if (t > ts - RATE_WINDOW_MS && t <= ts) n++;
  return n;
}

/** Adds a file access to the user's window and returns how many fall in it (this one included). */
function recordFileAccess(b: UserBaseline, ts: number): number {
  const recent = b.recentFiles;
  recent.push(ts);
  let drop = 0;
  while (drop < recent.length && (recent[drop] ?? ts) <= ts - RATE_WINDOW_MS) drop++;
  if (drop > 0) recent.splice(0, drop);
  return recent.length;
}

// Hosts, hours, areas and roles are learned from every event: an odd one alerts once, then becomes known
// (an analyst has seen it). The rate statistics skip outlying window counts, and the trusted location
// never moves to a country flagged as impossible travel.
function learnFrom(b: UserBaseline, e: EnrichedEvent, inWindow: number, signals: readonly (Signal | null)[]): void {
  b.hosts.add(e.host);
  b.hours[e.hour] = (b.hours[e.hour] ?? 0) + 1;
  b.hourTotal++;
  if (e.kind === 'file_access') b.areas.add(e.area);
  const outlier = b.rateSamples >= 10 && inWindow > b.rateMean + RATE_LEARN_Z * Math.max(Math.sqrt(b.rateVar), 2);
  if (e.kind === 'file_access' && !outlier) {
    const delta = inWindow - b.rateMean;
    const alpha = Math.max(RATE_ALPHA, 1 / (b.rateSamples + 1));
    b.rateMean += alpha * delta;
    b.rateVar = (1 - alpha) * (b.rateVar + alpha * delta * delta);
    b.rateSamples++;
  }
  if (e.kind === 'privilege_change') b.roles.add(e.resource);
  if (!signals.some((s) => s?.name === 'impossible_travel')) {
    b.countries.add(e.country);
    b.lastCountry = e.country;
    b.lastCountryTs = e.ts;
  }
}
