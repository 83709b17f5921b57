import { BasicBolt, type Tuple } from '@twinstorm/core';
import { enrichedFromTuple, SCORED_FIELDS, scoredValues } from './fields.ts';
import { UserScorer } from './user-scorer.ts';

/** Scores each event against its user's learned baseline; needs all of a user's events (fields grouping on user_id). */
export class ScorerBolt extends BasicBolt {
  static outputFields = SCORED_FIELDS;

  private readonly scorer = new UserScorer();

  execute(tuple: Tuple): void {
    this.emit(scoredValues(this.scorer.score(enrichedFromTuple(tuple))));
  }
}
