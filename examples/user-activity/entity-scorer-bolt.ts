import type { Conf, Tuple } from '@twinstorm/core';
import { StatefulBolt, type JsonValue, type KeyValueState } from '@twinstorm/state';
import { EntityRisk, userRiskCodec, type UserRisk } from './entity-risk.ts';
import type { RiskedEvent } from './event.ts';
import { RISKED_FIELDS, riskedValues, scoredFromTuple, withRisk } from './fields.ts';
import { userActivityStateConf } from './services.ts';
import { KeyedUsers, outputsToKeep } from './user-state.ts';

/**
 * Accumulates each user's decaying risk from their event scores; needs all of a user's events (fields grouping on
 * user_id). The risks are keyed state, restored after a crash; an event replayed after a restart that a restored risk
 * already holds adds nothing again and gets the risk it had the first time (kept in state for the last events).
 */
export class EntityScorerBolt extends StatefulBolt {
  static outputFields = RISKED_FIELDS;

  #users!: KeyedUsers<UserRisk>;
  #risk = new EntityRisk();

  initState(state: KeyValueState<JsonValue>): void {
    this.#users = new KeyedUsers(state, userRiskCodec, outputsToKeep(this.conf));
    this.#risk = new EntityRisk({}, this.#users);
  }

  execute(tuple: Tuple): void {
    const e = scoredFromTuple(tuple);
    this.emit(riskedValues(this.#update(e)), { anchors: [tuple] });
    this.ack(tuple);
  }

  #update(e: ReturnType<typeof scoredFromTuple>): RiskedEvent {
    if (this.#users.applied(e.user_id, e.event_id)) {
      const kept = this.#users.output(e.event_id) as number | undefined;
      return kept === undefined ? this.#risk.update(e, { apply: false }) : withRisk(e, kept);
    }
    const risked = this.#risk.update(e);
    this.#users.keepOutput(e.event_id, risked.risk);
    return risked;
  }

  protected override stateConf(conf: Conf): Conf {
    return userActivityStateConf(conf);
  }
}
