import { AlertPolicy, type AlertOptions } from './alert-policy.ts';
import { enrich } from './enrich.ts';
import { EntityRisk, type RiskOptions } from './entity-risk.ts';
import type { ActivityEvent, Alert, RiskedEvent } from './event.ts';
import { UserScorer, type ScorerOptions } from './user-scorer.ts';

/** Options of every stage, as the topology's conf would set them. */
export type PipelineOptions = ScorerOptions & RiskOptions & AlertOptions;

/**
 * The topology's per-event logic in one loop, without an engine: per-user state keyed by user, as
 * fields grouping keys it. For unit tests and threshold tuning; the bolts call the same classes.
 */
export function runPipeline(events: Iterable<ActivityEvent>, options: PipelineOptions = {}): { scored: RiskedEvent[]; alerts: Alert[] } {
  const scorer = new UserScorer(options);
  const risk = new EntityRisk(options);
  const policy = new AlertPolicy(options);
  const scored: RiskedEvent[] = [];
  const alerts: Alert[] = [];
  for (const e of events) {
    const r = risk.update(scorer.score(enrich(e)));
    scored.push(r);
    const alert = policy.check(r);
    if (alert !== null) alerts.push(alert);
  }
  return { scored, alerts };
}
