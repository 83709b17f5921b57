import type { RiskedEvent, ScoredEvent } from './event.ts';
import { withRisk } from './fields.ts';
import type { UserCodec, UserStore } from './user-state.ts';

/** How risk accumulates; the defaults are what the example's tests were tuned with. */
export interface RiskOptions {
  /** Risk halves every this many ms without new evidence. */
  halfLifeMs?: number;
  /** Event scores below this are noise and add nothing. */
  minScore?: number;
}

/** One user's accumulated risk and the time it was last updated to. */
export interface UserRisk {
  risk: number;
  ts: number;
}

/** A user's risk as a JSON value, for keyed state. */
export const userRiskCodec: UserCodec<UserRisk> = {
  toJson: (u) => ({ risk: u.risk, ts: u.ts }),
  fromJson: (json) => {
    const { risk, ts } = json as { risk: number; ts: number };
    return { risk, ts };
  },
};

/** Decays `risk` from time `from` to time `to` (no decay backwards: late events add at the current level). */
export function decayRisk(risk: number, from: number, to: number, halfLifeMs: number): number {
  return to > from ? risk * 2 ** (-(to - from) / halfLifeMs) : risk;
}

/**
 * Aggregates a user's event scores into one risk figure that decays with time, so several moderately
 * odd events in a short time add up to what one very odd event is. State is per user (fields grouping).
 */
export class EntityRisk {
  readonly #users: UserStore<UserRisk>;
  readonly #halfLife: number;
  readonly #minScore: number;

  /** `users`: where the users' risks live (the bolt passes its keyed state; a Map otherwise). */
  constructor(options: RiskOptions = {}, users: UserStore<UserRisk> = new Map()) {
    this.#users = users;
    this.#halfLife = options.halfLifeMs ?? 4 * 3_600_000;
    this.#minScore = options.minScore ?? 0.3;
  }

  /**
   * Adds the event's evidence to its user's risk and returns the event with the new risk; with `apply: false` (an event
   * replayed after a restart, already in the restored risk) it returns the event with the user's risk as it stands.
   */
  update(e: ScoredEvent, { apply = true }: { apply?: boolean } = {}): RiskedEvent {
    const u = this.#users.get(e.user_id) ?? { risk: 0, ts: e.ts };
    if (apply) {
      u.risk = decayRisk(u.risk, u.ts, e.ts, this.#halfLife) + (e.score >= this.#minScore ? e.score : 0);
      u.ts = Math.max(u.ts, e.ts);
      this.#users.set(e.user_id, u);
    }
    return withRisk(e, Math.round(u.risk * 1000) / 1000);
  }
}
