import { describe, expect, it } from 'vitest';
import { employee } from './directory.ts';
import { EVENT_FIELDS, eventValues } from './fields.ts';
import { ANOMALY_KINDS, generateEvents, SIMULATION_START } from './generator.ts';

const DAY = 86_400_000;

describe('activity generator', () => {
  const events = generateEvents(20_000);

  it('is deterministic for a seed and differs between seeds', () => {
    expect(generateEvents(3_000)).toEqual(events.slice(0, 3_000));
    expect(generateEvents(3_000, { seed: 7 })).not.toEqual(events.slice(0, 3_000));
  });

  it('numbers events consecutively in time order', () => {
    events.forEach((e, i) => expect(e.event_id).toBe(i));
    for (let i = 1; i < events.length; i++) expect(events[i]!.ts).toBeGreaterThanOrEqual(events[i - 1]!.ts);
  });

  it('draws every user from the directory, about 50 of them', () => {
    const users = new Set(events.map((e) => e.user_id));
    expect(users.size).toBe(50);
    for (const u of users) expect(employee(u)).toBeDefined();
  });

  it('emits all four kinds of event with plausible shares', () => {
    const kinds = new Map<string, number>();
    for (const e of events) kinds.set(e.kind, (kinds.get(e.kind) ?? 0) + 1);
    expect(kinds.get('file_access')).toBeGreaterThan(events.length * 0.7);
    expect(kinds.get('login')).toBeGreaterThan(events.length * 0.03);
    expect(kinds.get('logout')).toBeGreaterThan(events.length * 0.03);
    expect(kinds.get('privilege_change')).toBeGreaterThan(0);
  });

  it('injects every anomaly kind, only after the warm-up days, as labelled incidents', () => {
    const injected = events.filter((e) => e.injected === true);
    const incidents = new Map<number, string>();
    for (const e of injected) {
      expect(e.anomaly).toBeDefined();
      expect(e.incident).toBeDefined();
      expect(e.ts).toBeGreaterThanOrEqual(SIMULATION_START + 3 * DAY);
      const prior = incidents.get(e.incident!);
      if (prior !== undefined) expect(e.anomaly).toBe(prior);
      incidents.set(e.incident!, e.anomaly!);
    }
    expect(new Set(incidents.values())).toEqual(new Set(ANOMALY_KINDS));
    expect(incidents.size).toBeGreaterThanOrEqual(30);
    // Labels are rare: the log is overwhelmingly normal activity.
    expect(injected.length).toBeLessThan(events.length * 0.05);
  });

  it('injects night logins at night from hosts outside the inventory', () => {
    for (const e of events.filter((x) => x.anomaly === 'night_login_new_host')) {
      expect(e.kind).toBe('login');
      expect(new Date(e.ts).getUTCHours()).toBeGreaterThanOrEqual(1);
      expect(new Date(e.ts).getUTCHours()).toBeLessThanOrEqual(4);
      expect(e.host).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    }
  });

  it('never puts the labels in tuple values', () => {
    const labelled = events.find((e) => e.injected === true)!;
    const values = eventValues(labelled);
    expect(values).toHaveLength(EVENT_FIELDS.length);
    expect(values).not.toContain(true);
    expect(values).not.toContain(labelled.anomaly);
  });
});
