import { employee, hostReputation } from './directory.ts';
import type { ActivityEvent, EnrichedEvent } from './event.ts';
import { areaOf } from './resources.ts';

const HOUR_MS = 3_600_000;

/** Adds what the static tables know about an event: hour of day, the user's department, host reputation, the resource's area and sensitivity. */
export function enrich(e: ActivityEvent): EnrichedEvent {
  const area = areaOf(e.resource);
  // A full literal (not `{ ...e, ... }`): the generator's events carry extra label fields, and this is the hot path.
  return {
    event_id: e.event_id,
    user_id: e.user_id,
    ts: e.ts,
    kind: e.kind,
    host: e.host,
    country: e.country,
    resource: e.resource,
    hour: Math.floor(e.ts / HOUR_MS) % 24,
    department: employee(e.user_id)?.department ?? 'unknown',
    host_reputation: hostReputation(e.host),
    area: area.path,
    area_owner: area.owner,
    sensitivity: area.sensitivity,
  };
}
