import { confNumber, type Conf, type Tuple } from '@twinstorm/core';
import { StatefulBolt, type JsonValue, type KeyValueState } from '@twinstorm/state';
import { baselineCodec, type UserBaseline } from './baseline.ts';
import { SCORER_EXTRA_US_CONF } from './conf.ts';
import type { ScoredEvent } from './event.ts';
import { enrichedFromTuple, SCORED_FIELDS, scoredValues, withScore } from './fields.ts';
import { userActivityStateConf } from './services.ts';
import { UserScorer } from './user-scorer.ts';
import { KeyedUsers, outputsToKeep } from './user-state.ts';

/**
 * Scores each event against its user's learned baseline; needs all of a user's events (fields grouping on user_id).
 * The baselines are keyed state (`useractivity.state`: memory, redis or postgres), restored after a crash; an event
 * replayed after a restart that the restored baseline already holds gets the score it had the first time (kept in
 * state for the last events), and is never learned twice.
 */
export class ScorerBolt extends StatefulBolt {
  static outputFields = SCORED_FIELDS;

  #users!: KeyedUsers<UserBaseline>;
  #scorer = new UserScorer();
  #extraUs = 0;

  initState(state: KeyValueState<JsonValue>): void {
    this.#users = new KeyedUsers(state, baselineCodec, outputsToKeep(this.conf));
    this.#scorer = new UserScorer({}, this.#users);
    this.#extraUs = confNumber(this.conf, SCORER_EXTRA_US_CONF) ?? 0;
  }

  execute(tuple: Tuple): void {
    if (this.#extraUs > 0) burn(this.#extraUs);
    const e = enrichedFromTuple(tuple);
    this.emit(scoredValues(this.#score(e)), { anchors: [tuple] });
    this.ack(tuple);
  }

  #score(e: ReturnType<typeof enrichedFromTuple>): ScoredEvent {
    if (this.#users.applied(e.user_id, e.event_id)) {
      const kept = this.#users.output(e.event_id) as [number, string] | undefined;
      return kept === undefined ? this.#scorer.score(e, { learn: false }) : withScore(e, kept[0], kept[1]);
    }
    const scored = this.#scorer.score(e);
    this.#users.keepOutput(e.event_id, [scored.score, scored.reasons]);
    return scored;
  }

  protected override stateConf(conf: Conf): Conf {
    return userActivityStateConf(conf);
  }
}

/** Spends about `us` µs of CPU (the SCORER_EXTRA_US_CONF knob): a heavier model would. */
function burn(us: number): number {
  const until = performance.now() + us / 1000;
  let h = 0;
  while (performance.now() < until) h = (h * 31 + 7) | 0;
  return h;
}
