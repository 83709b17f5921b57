import { BasicBolt, confNumber, type Conf, type Tuple } from '@twinstorm/core';
import { SCORER_EXTRA_US_CONF } from './conf.ts';
import { enrichedFromTuple, SCORED_FIELDS, scoredValues } from './fields.ts';
import { UserScorer } from './user-scorer.ts';

/** Scores each event against its user's learned baseline; needs all of a user's events (fields grouping on user_id). */
export class ScorerBolt extends BasicBolt {
  static outputFields = SCORED_FIELDS;

  private readonly scorer = new UserScorer();
  private extraUs = 0;

  override prepare(conf: Conf): void {
    this.extraUs = confNumber(conf, SCORER_EXTRA_US_CONF) ?? 0;
  }

  execute(tuple: Tuple): void {
    if (this.extraUs > 0) burn(this.extraUs);
    this.emit(scoredValues(this.scorer.score(enrichedFromTuple(tuple))));
  }
}

/** Spends about `us` µs of CPU (the SCORER_EXTRA_US_CONF knob): a heavier model would. */
function burn(us: number): number {
  const until = performance.now() + us / 1000;
  let h = 0;
  while (performance.now() < until) h = (h * 31 + 7) | 0;
  return h;
}
