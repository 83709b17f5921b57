import { BasicBolt, type Tuple } from '@twinstorm/core';
import { EntityRisk } from './entity-risk.ts';
import { RISKED_FIELDS, riskedValues, scoredFromTuple } from './fields.ts';

/** Accumulates each user's decaying risk from their event scores; needs all of a user's events (fields grouping on user_id). */
export class EntityScorerBolt extends BasicBolt {
  static outputFields = RISKED_FIELDS;

  private readonly risk = new EntityRisk();

  execute(tuple: Tuple): void {
    this.emit(riskedValues(this.risk.update(scoredFromTuple(tuple))));
  }
}
