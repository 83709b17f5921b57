import type { ActivityEvent, EventKind } from './event.ts';

const KINDS: readonly EventKind[] = ['login', 'logout', 'file_access', 'privilege_change'];

/** Why a queue record is not an activity event: names the field, so the dead letter says what to fix. */
export class BadEventError extends Error {
  override readonly name = 'BadEventError';
}

/**
 * The activity event a queue record holds (its value parsed as JSON), checked field by field: a record from another
 * producer, or an older schema, is refused with the field named instead of poisoning a user's baseline.
 */
export function eventFromRecord(value: unknown): ActivityEvent {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new BadEventError(
      `value is ${Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'null' : `a ${typeof value}`}, not an event object`,
    );
  const o = value as Record<string, unknown>;
  const event_id = o['event_id'];
  if (typeof event_id !== 'number' || !Number.isSafeInteger(event_id) || event_id < 0)
    throw new BadEventError(`field "event_id" must be an integer >= 0, got ${show(event_id)}`);
  const ts = o['ts'];
  if (typeof ts !== 'number' || !Number.isFinite(ts))
    throw new BadEventError(`field "ts" must be a number (ms since the epoch), got ${show(ts)}`);
  const kind = o['kind'];
  if (!KINDS.includes(kind as EventKind)) throw new BadEventError(`field "kind" must be one of ${KINDS.join(', ')}, got ${show(kind)}`);
  return {
    event_id,
    user_id: text(o, 'user_id', false),
    ts,
    kind: kind as EventKind,
    host: text(o, 'host', false),
    country: text(o, 'country', false),
    resource: text(o, 'resource', true),
  };
}

function text(o: Record<string, unknown>, field: string, mayBeEmpty: boolean): string {
  const v = o[field];
  if (typeof v !== 'string' || (!mayBeEmpty && v.length === 0))
    throw new BadEventError(`field "${field}" must be a ${mayBeEmpty ? '' : 'non-empty '}string, got ${show(v)}`);
  return v;
}

function show(v: unknown): string {
  return v === undefined ? 'nothing (missing)' : JSON.stringify(v).slice(0, 60);
}
