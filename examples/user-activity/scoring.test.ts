import { describe, expect, it } from 'vitest';
import { AlertPolicy } from './alert-policy.ts';
import { enrich } from './enrich.ts';
import { decayRisk, EntityRisk } from './entity-risk.ts';
import type { ActivityEvent, RiskedEvent, ScoredEvent } from './event.ts';
import { UserScorer } from './user-scorer.ts';

const T0 = Date.UTC(2024, 2, 11, 9, 0);
const MIN = 60_000;
const HOUR = 60 * MIN;

function raw(over: Partial<ActivityEvent> = {}): ActivityEvent {
  return { event_id: 1, user_id: 'u01', ts: T0, kind: 'file_access', host: 'ws-u01', country: 'US', resource: '/eng/src/a.ts', ...over };
}

/** A scorer that has seen `days` ordinary working days of u01. */
function trainedScorer(days = 3): UserScorer {
  const scorer = new UserScorer();
  for (let d = 0; d < days; d++) {
    const day = T0 - (days - d) * 24 * HOUR;
    scorer.score(enrich(raw({ ts: day, kind: 'login', resource: '' })));
    for (let i = 0; i < 12; i++) scorer.score(enrich(raw({ ts: day + (i + 1) * 35 * MIN })));
    scorer.score(enrich(raw({ ts: day + 8 * HOUR, kind: 'logout', resource: '' })));
  }
  return scorer;
}

describe('UserScorer', () => {
  it('suppresses baseline signals during warm-up, but not impossible travel', () => {
    const scorer = new UserScorer({ warmupEvents: 20 });
    expect(scorer.score(enrich(raw({ kind: 'login', resource: '', host: '203.0.113.9', ts: T0 - 8 * HOUR }))).score).toBe(0);
    const travel = scorer.score(enrich(raw({ kind: 'login', resource: '', country: 'RU', ts: T0 - 7 * HOUR })));
    expect(travel.reasons).toContain('impossible_travel');
    expect(travel.score).toBeGreaterThanOrEqual(0.9);
  });

  it('scores an ordinary event 0 and a 3 a.m. login from an unknown host as an alert', () => {
    const scorer = trainedScorer();
    expect(scorer.score(enrich(raw({ ts: T0 + HOUR }))).score).toBe(0);
    const night = scorer.score(enrich(raw({ ts: Date.UTC(2024, 2, 12, 3), kind: 'login', resource: '', host: '203.0.113.50' })));
    expect(night.score).toBeGreaterThanOrEqual(0.8);
    expect(night.reasons.split(',')).toEqual(expect.arrayContaining(['new_unmanaged_host', 'unusual_hour']));
  });

  it('does not move the trusted location to an impossible country', () => {
    const scorer = trainedScorer();
    expect(scorer.score(enrich(raw({ ts: T0, kind: 'login', resource: '' }))).score).toBe(0);
    expect(
      scorer.score(enrich(raw({ ts: T0 + 30 * MIN, kind: 'login', resource: '', country: 'BR', host: '203.0.113.7' }))).reasons,
    ).toContain('impossible_travel');
    // The real user, still at home ten minutes later, is not flagged for "travelling back".
    expect(scorer.score(enrich(raw({ ts: T0 + 40 * MIN }))).score).toBe(0);
  });

  it('flags a burst of file accesses and does not learn it as normal', () => {
    const scorer = trainedScorer();
    const burst = (start: number): number => {
      let max = 0;
      for (let i = 0; i < 30; i++) max = Math.max(max, scorer.score(enrich(raw({ ts: start + i * 5000 }))).score);
      return max;
    };
    expect(burst(T0)).toBeGreaterThanOrEqual(0.8);
    expect(burst(T0 + 3 * HOUR)).toBeGreaterThanOrEqual(0.8);
  });
});

describe('EntityRisk', () => {
  const scored = (score: number, ts: number): ScoredEvent => ({ ...enrich(raw({ ts })), score, reasons: '' });

  it('halves per half-life and never decays backwards', () => {
    expect(decayRisk(4, 0, HOUR, HOUR)).toBeCloseTo(2);
    expect(decayRisk(4, HOUR, 0, HOUR)).toBe(4);
  });

  it('adds evidence above the noise floor and lets it decay', () => {
    const risk = new EntityRisk({ halfLifeMs: HOUR, minScore: 0.3 });
    expect(risk.update(scored(0.2, T0)).risk).toBe(0);
    expect(risk.update(scored(0.8, T0)).risk).toBeCloseTo(0.8);
    expect(risk.update(scored(0.6, T0 + HOUR)).risk).toBeCloseTo(1.0);
  });
});

describe('AlertPolicy', () => {
  const risked = (over: Partial<RiskedEvent>): RiskedEvent => ({ ...enrich(raw()), score: 0, reasons: '', risk: 0, ...over });

  it('alerts on a high score, once per incident unless new evidence appears', () => {
    const policy = new AlertPolicy({ scoreThreshold: 0.8, cooldownMs: 15 * MIN });
    expect(policy.check(risked({ score: 0.79 }))).toBeNull();
    const first = policy.check(risked({ event_id: 2, score: 0.9, reasons: 'file_access_burst' }))!;
    expect(first.triggers).toEqual(['event_score']);
    expect(first.reasons).toEqual(['file_access_burst']);
    expect(policy.check(risked({ event_id: 3, score: 0.9, reasons: 'file_access_burst', ts: T0 + MIN }))).toBeNull();
    expect(policy.check(risked({ event_id: 4, score: 0.95, reasons: 'impossible_travel', ts: T0 + 2 * MIN }))!.event_id).toBe(4);
    expect(policy.check(risked({ event_id: 5, score: 0.9, reasons: 'file_access_burst', ts: T0 + 20 * MIN }))!.event_id).toBe(5);
  });

  it('alerts when risk crosses its threshold, then re-arms only after it falls below half', () => {
    const policy = new AlertPolicy({ riskThreshold: 2, cooldownMs: 0 });
    expect(policy.check(risked({ risk: 2.1 }))!.triggers).toEqual(['entity_risk']);
    expect(policy.check(risked({ risk: 2.5, ts: T0 + HOUR }))).toBeNull();
    expect(policy.check(risked({ risk: 0.9, ts: T0 + 2 * HOUR }))).toBeNull();
    expect(policy.check(risked({ risk: 2.2, ts: T0 + 3 * HOUR }))!.triggers).toEqual(['entity_risk']);
  });
});
