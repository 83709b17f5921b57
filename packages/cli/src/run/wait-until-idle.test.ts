import { describe, expect, it } from 'vitest';
import { waitUntilIdle } from './wait-until-idle.ts';

describe('waitUntilIdle', () => {
  it('requires idleness to hold for holdMs', async () => {
    const start = Date.now();
    let polls = 0;
    // Busy for the first 3 polls, then idle for good.
    const idle = await waitUntilIdle(() => ++polls > 3, { holdMs: 100, pollMs: 10 });
    expect(idle).toBe(true);
    expect(Date.now() - start).toBeGreaterThanOrEqual(100);
    expect(polls).toBeGreaterThan(10);
  });

  it('restarts the hold when the run gets busy again', async () => {
    let polls = 0;
    const pattern = (): boolean => {
      polls++;
      return polls < 5 || polls > 8; // idle, then busy again on polls 5..8, then idle
    };
    expect(await waitUntilIdle(pattern, { holdMs: 60, pollMs: 10 })).toBe(true);
    expect(polls).toBeGreaterThanOrEqual(15);
  });

  it('resolves false when aborted', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    expect(await waitUntilIdle(() => false, { signal: controller.signal, pollMs: 5 })).toBe(false);
  });
});
