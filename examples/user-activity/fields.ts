import type { Tuple } from '@twinstorm/core';
import type { HostReputation } from './directory.ts';
import type { ActivityEvent, EnrichedEvent, EventKind, RiskedEvent, ScoredEvent } from './event.ts';
import type { AreaOwner } from './resources.ts';

// Tuples carry flat JSON scalars only (Storm moves them between workers), so each stage appends fields.
// Records are built as full object literals, not with `{ ...e, extra }`: V8 builds a spread-and-extend
// object tens of times slower, and this is the per-event hot path.

/** The spout's stream: one activity event. */
export const EVENT_FIELDS = ['event_id', 'user_id', 'ts', 'kind', 'host', 'country', 'resource'] as const;
/** The enricher's stream: the event plus looked-up context. */
export const ENRICHED_FIELDS = [...EVENT_FIELDS, 'hour', 'department', 'host_reputation', 'area', 'area_owner', 'sensitivity'] as const;
/** The scorer's stream: plus the event's score and reasons. */
export const SCORED_FIELDS = [...ENRICHED_FIELDS, 'score', 'reasons'] as const;
/** The entity scorer's stream: plus the user's risk. */
export const RISKED_FIELDS = [...SCORED_FIELDS, 'risk'] as const;
/** The alert bolt's stream: one alert as JSON text. */
export const ALERT_FIELDS = ['alert'] as const;

/** Tuple values of an event, in EVENT_FIELDS order. */
export function eventValues(e: ActivityEvent): unknown[] {
  return [e.event_id, e.user_id, e.ts, e.kind, e.host, e.country, e.resource];
}

/** Tuple values of an enriched event, in ENRICHED_FIELDS order. */
export function enrichedValues(e: EnrichedEvent): unknown[] {
  return [
    e.event_id,
    e.user_id,
    e.ts,
    e.kind,
    e.host,
    e.country,
    e.resource,
    e.hour,
    e.department,
    e.host_reputation,
    e.area,
    e.area_owner,
    e.sensitivity,
  ];
}

/** Tuple values of a scored event, in SCORED_FIELDS order. */
export function scoredValues(e: ScoredEvent): unknown[] {
  const values = enrichedValues(e);
  values.push(e.score, e.reasons);
  return values;
}

/** Tuple values of a risked event, in RISKED_FIELDS order. */
export function riskedValues(e: RiskedEvent): unknown[] {
  const values = scoredValues(e);
  values.push(e.risk);
  return values;
}

/** An enriched event with its score and reasons. */
export function withScore(e: EnrichedEvent, score: number, reasons: string): ScoredEvent {
  return {
    event_id: e.event_id,
    user_id: e.user_id,
    ts: e.ts,
    kind: e.kind,
    host: e.host,
    country: e.country,
    resource: e.resource,
    hour: e.hour,
    department: e.department,
    host_reputation: e.host_reputation,
    area: e.area,
    area_owner: e.area_owner,
    sensitivity: e.sensitivity,
    score,
    reasons,
  };
}

/** A scored event with its user's risk. */
export function withRisk(e: ScoredEvent, risk: number): RiskedEvent {
  return {
    event_id: e.event_id,
    user_id: e.user_id,
    ts: e.ts,
    kind: e.kind,
    host: e.host,
    country: e.country,
    resource: e.resource,
    hour: e.hour,
    department: e.department,
    host_reputation: e.host_reputation,
    area: e.area,
    area_owner: e.area_owner,
    sensitivity: e.sensitivity,
    score: e.score,
    reasons: e.reasons,
    risk,
  };
}

// Readers go through the stream schema (field names), so they work whichever position a field has.

/** Reads an activity event from a tuple of the spout's stream (or any stream extending it). */
export function eventFromTuple(t: Tuple): ActivityEvent {
  return {
    event_id: t.getNumber('event_id'),
    user_id: t.getString('user_id'),
    ts: t.getNumber('ts'),
    kind: t.getString('kind') as EventKind,
    host: t.getString('host'),
    country: t.getString('country'),
    resource: t.getString('resource'),
  };
}

/** Reads an enriched event from a tuple of the enricher's stream (or one extending it). */
export function enrichedFromTuple(t: Tuple): EnrichedEvent {
  return {
    event_id: t.getNumber('event_id'),
    user_id: t.getString('user_id'),
    ts: t.getNumber('ts'),
    kind: t.getString('kind') as EventKind,
    host: t.getString('host'),
    country: t.getString('country'),
    resource: t.getString('resource'),
    hour: t.getNumber('hour'),
    department: t.getString('department'),
    host_reputation: t.getString('host_reputation') as HostReputation,
    area: t.getString('area'),
    area_owner: t.getString('area_owner') as AreaOwner,
    sensitivity: t.getNumber('sensitivity'),
  };
}

/** Reads a scored event from a tuple of the scorer's stream (or one extending it). */
export function scoredFromTuple(t: Tuple): ScoredEvent {
  return withScore(enrichedFromTuple(t), t.getNumber('score'), t.getString('reasons'));
}

/** Reads a risked event from a tuple of the entity scorer's stream. */
export function riskedFromTuple(t: Tuple): RiskedEvent {
  return withRisk(scoredFromTuple(t), t.getNumber('risk'));
}
