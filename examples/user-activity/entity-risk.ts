import type { RiskedEvent, ScoredEvent } from './event.ts';
import { withRisk } from './fields.ts';

/** How risk accumulates; the defaults are what the example's tests were tuned with. */
export interface RiskOptions {
  /** Risk halves every this many ms without new evidence. */
  halfLifeMs?: number;
  /** Event scores below this are noise and add nothing. */
  minScore?: number;
}

interface UserRisk {
  risk: number;
  ts: number;
}

/** Decays `risk` from time `from` to time `to` (no decay backwards: late events add at the current level). */
export function decayRisk(risk: number, from: number, to: number, halfLifeMs: number): number {
  return to > from ? risk * 2 ** (-(to - from) / halfLifeMs) : risk;
}

/**
 * Aggregates a user's event scores into one risk figure that decays with time, so several moderately
 * odd events in a short time add up to what one very odd event is. State is per user (fields grouping).
 */
export class EntityRisk {
  readonly #users = new Map<string, UserRisk>();
  readonly #halfLife: number;
  readonly #minScore: number;

  constructor(options: RiskOptions = {}) {
    this.#halfLife = options.halfLifeMs ?? 4 * 3_600_000;
    this.#minScore = options.minScore ?? 0.3;
  }

  /** Adds the event's evidence to its user's risk and returns the event with the new risk. */
  update(e: ScoredEvent): RiskedEvent {
    let u = this.#users.get(e.user_id);
    if (u === undefined) this.#users.set(e.user_id, (u = { risk: 0, ts: e.ts }));
    u.risk = decayRisk(u.risk, u.ts, e.ts, this.#halfLife) + (e.score >= this.#minScore ? e.score : 0);
    u.ts = Math.max(u.ts, e.ts);
    return withRisk(e, Math.round(u.risk * 1000) / 1000);
  }
}
