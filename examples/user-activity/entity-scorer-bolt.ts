import type { Conf, Tuple } from '@twinstorm/core';
import { StatefulBolt, type KeyValueState } from '@twinstorm/state';
import { EntityRisk, userRiskCodec, type UserRisk } from './entity-risk.ts';
import { RISKED_FIELDS, riskedValues, scoredFromTuple } from './fields.ts';
import { userActivityStateConf } from './services.ts';
import { KeyedUsers, type StoredUser } from './user-state.ts';

/**
 * Accumulates each user's decaying risk from their event scores; needs all of a user's events (fields grouping on
 * user_id). The risks are keyed state, restored after a crash; a replayed event already in a risk adds nothing again.
 */
export class EntityScorerBolt extends StatefulBolt<StoredUser> {
  static outputFields = RISKED_FIELDS;

  #users!: KeyedUsers<UserRisk>;
  #risk = new EntityRisk();

  initState(state: KeyValueState<StoredUser>): void {
    this.#users = new KeyedUsers(state, userRiskCodec);
    this.#risk = new EntityRisk({}, this.#users);
  }

  execute(tuple: Tuple): void {
    const e = scoredFromTuple(tuple);
    const replayed = this.#users.applied(e.user_id, e.event_id);
    this.emit(riskedValues(this.#risk.update(e, { apply: !replayed })), { anchors: [tuple] });
    this.ack(tuple);
  }

  protected override stateConf(conf: Conf): Conf {
    return userActivityStateConf(conf);
  }
}
