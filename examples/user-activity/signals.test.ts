import { describe, expect, it } from 'vitest';
import { newBaseline, type UserBaseline } from './baseline.ts';
import { enrich } from './enrich.ts';
import type { ActivityEvent, EnrichedEvent } from './event.ts';
import { areaSignal, hostSignal, hourSignal, privilegeSignal, rateSignal, travelSignal } from './signals.ts';

const T0 = Date.UTC(2024, 2, 11, 9, 0);
const HOUR = 3_600_000;

function event(over: Partial<ActivityEvent> = {}): EnrichedEvent {
  return enrich({ event_id: 1, user_id: 'u01', ts: T0, kind: 'login', host: 'ws-u01', country: 'US', resource: '', ...over });
}

function dayWorker(): UserBaseline {
  const b = newBaseline();
  b.hosts.add('ws-u01');
  b.countries.add('US');
  b.lastCountry = 'US';
  b.lastCountryTs = T0 - HOUR;
  for (let h = 8; h <= 17; h++) b.hours[h] = 30;
  b.hourTotal = 300;
  b.areas.add('/eng/src/');
  b.rateMean = 1.5;
  b.rateVar = 1;
  b.rateSamples = 200;
  return b;
}

describe('signals', () => {
  it('hostSignal: known host is normal, new managed < new unmanaged < flagged', () => {
    const b = dayWorker();
    expect(hostSignal(b, event())).toBeNull();
    const managed = hostSignal(b, event({ host: 'kiosk-01' }))!.strength;
    const unmanaged = hostSignal(b, event({ host: '203.0.113.5' }))!.strength;
    const flagged = hostSignal(b, event({ host: '185.220.101.7' }))!;
    expect(managed).toBeLessThan(unmanaged);
    expect(unmanaged).toBeLessThan(flagged.strength);
    expect(flagged.name).toBe('malicious_host');
  });

  it('hourSignal: silent in working hours, strong for a 3 a.m. login, half as strong within a session', () => {
    const b = dayWorker();
    expect(hourSignal(b, event())).toBeNull();
    const night = hourSignal(b, event({ ts: Date.UTC(2024, 2, 11, 3) }))!;
    expect(night.strength).toBeGreaterThanOrEqual(0.6);
    const nightFile = hourSignal(b, event({ ts: Date.UTC(2024, 2, 11, 3), kind: 'file_access', resource: '/eng/src/a' }))!;
    expect(nightFile.strength).toBeCloseTo(night.strength / 2);
  });

  it('hourSignal: a young baseline still finds the night odd (company-hours prior)', () => {
    const b = newBaseline();
    b.hours[9] = 10;
    b.hourTotal = 10;
    expect(hourSignal(b, event({ ts: Date.UTC(2024, 2, 11, 2) }))!.strength).toBeGreaterThanOrEqual(0.6);
    expect(hourSignal(b, event({ ts: Date.UTC(2024, 2, 11, 14) }))?.strength ?? 0).toBeLessThan(0.2);
  });

  it('travelSignal: impossible speed, a feasible new country, and the same country', () => {
    const b = dayWorker();
    expect(travelSignal(b, event())).toBeNull();
    expect(travelSignal(b, event({ country: 'RU', ts: b.lastCountryTs + HOUR }))!.name).toBe('impossible_travel');
    const feasible = travelSignal(b, event({ country: 'GB', ts: b.lastCountryTs + 20 * HOUR }))!;
    expect(feasible.name).toBe('new_country');
    expect(feasible.strength).toBeLessThan(0.5);
  });

  it('areaSignal: new crown-jewel area of another department outweighs a new low-sensitivity one', () => {
    const b = dayWorker();
    const file = (resource: string): EnrichedEvent => event({ kind: 'file_access', resource });
    expect(areaSignal(b, file('/eng/src/main.ts'))).toBeNull();
    const low = areaSignal(b, file('/wiki/page.md'))!;
    const payroll = areaSignal(b, file('/finance/payroll/2024.xlsx'))!;
    expect(payroll.name).toBe('new_sensitive_area');
    expect(payroll.strength).toBeGreaterThan(low.strength);
    expect(areaSignal(b, event())).toBeNull();
  });

  it('rateSignal: quiet at the usual pace, strong for a burst, silent before enough history', () => {
    const b = dayWorker();
    const file = event({ kind: 'file_access', resource: '/eng/src/x' });
    expect(rateSignal(b, file, 3)).toBeNull();
    expect(rateSignal(b, file, 9)).toBeNull();
    expect(rateSignal(b, file, 25)!.strength).toBeGreaterThanOrEqual(0.8);
    b.rateSamples = 3;
    expect(rateSignal(b, file, 25)).toBeNull();
  });

  it("privilegeSignal: another department's crown-jewel role always; own roles only when new", () => {
    const b = dayWorker();
    const role = (user: string, resource: string): EnrichedEvent => event({ user_id: user, kind: 'privilege_change', resource });
    // u01 is in engineering: domain-admin belongs to IT.
    expect(privilegeSignal(b, role('u01', 'role:domain-admin'))!.strength).toBeGreaterThanOrEqual(0.8);
    b.roles.add('role:domain-admin');
    expect(privilegeSignal(b, role('u01', 'role:domain-admin'))!.name).toBe('foreign_privilege');
    // u05 is in IT: its own roles are odd only the first time.
    const it = newBaseline();
    expect(privilegeSignal(it, role('u05', 'role:sudo'))!.strength).toBeLessThan(0.8);
    it.roles.add('role:sudo');
    expect(privilegeSignal(it, role('u05', 'role:sudo'))).toBeNull();
  });
});
