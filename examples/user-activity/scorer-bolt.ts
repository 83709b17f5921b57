import type { Conf, Tuple } from '@twinstorm/core';
import { StatefulBolt, type KeyValueState } from '@twinstorm/state';
import { baselineCodec, type UserBaseline } from './baseline.ts';
import { enrichedFromTuple, SCORED_FIELDS, scoredValues } from './fields.ts';
import { userActivityStateConf } from './services.ts';
import { UserScorer } from './user-scorer.ts';
import { KeyedUsers, type StoredUser } from './user-state.ts';

/**
 * Scores each event against its user's learned baseline; needs all of a user's events (fields grouping on user_id).
 * The baselines are keyed state (`useractivity.state`: memory, redis or postgres), restored after a crash; an event
 * replayed after a restart that the restored baseline already holds is scored without being learned twice.
 */
export class ScorerBolt extends StatefulBolt<StoredUser> {
  static outputFields = SCORED_FIELDS;

  #users!: KeyedUsers<UserBaseline>;
  #scorer = new UserScorer();

  initState(state: KeyValueState<StoredUser>): void {
    this.#users = new KeyedUsers(state, baselineCodec);
    this.#scorer = new UserScorer({}, this.#users);
  }

  execute(tuple: Tuple): void {
    const e = enrichedFromTuple(tuple);
    const replayed = this.#users.applied(e.user_id, e.event_id);
    this.emit(scoredValues(this.#scorer.score(e, { learn: !replayed })), { anchors: [tuple] });
    this.ack(tuple);
  }

  protected override stateConf(conf: Conf): Conf {
    return userActivityStateConf(conf);
  }
}
