// Message timeouts, max spout pending and tick tuples: one topology per runtime, the same assertions on both.
import { expect } from 'vitest';
import { describeRuntimes, feature, once } from './support/suite.ts';
import { MAX_PENDING, TIMEOUT_SECS } from './topologies/timing.ts';

const TOPOLOGY = new URL('./topologies/timing.ts', import.meta.url).pathname;

/** Ten events; 2 and 7 are held by "slow" until their trees time out. */
const HELD = [2, 7];
const EVENTS = Array.from({ length: 10 }, (_, id) => [id, HELD.includes(id) ? 'hold' : 'pass']);
/** Slack for scheduling on a loaded 2-core machine, on top of Storm's 1×–2× window. */
const SLACK_MS = 2_000;

describeRuntimes('timing', (suite) => {
  const run = once(() =>
    suite.run(TOPOLOGY, {
      inputs: { events: EVENTS },
      capture: ['slow', 'ticker'],
      until: (p) => p.captured.filter((c) => c.component === 'ticker').length >= 2,
    }),
  );

  feature(suite, 'acking.timeout', async () => {
    const r = await run();
    for (const s of r.settled) {
      expect(s.outcome, `event ${s.index}`).toBe(HELD.includes(s.index) ? 'fail' : 'ack');
      if (!HELD.includes(s.index)) continue;
      const after = s.at - s.emittedAt!;
      expect(after, `event ${s.index} failed ${after} ms after its emit`).toBeGreaterThanOrEqual(TIMEOUT_SECS * 1000 - 100);
      expect(after).toBeLessThanOrEqual(2 * TIMEOUT_SECS * 1000 + SLACK_MS);
    }
    expect(r.settled).toHaveLength(EVENTS.length);
    expect(r.errors).toEqual({});
  });

  feature(suite, 'spout.max-pending', async () => {
    const r = await run();
    const perTask = Object.values(r.maxOutstanding);
    expect(perTask).toHaveLength(1);
    expect(perTask[0], 'in flight at once, never more than the bound, and the bound is reached').toBe(MAX_PENDING);
  });

  feature(suite, 'bolt.tick', async () => {
    const r = await run();
    const ticks = r.captured.filter((c) => c.component === 'ticker');
    expect(ticks.length).toBeGreaterThanOrEqual(2);
    for (const t of ticks) expect(t.values).toEqual(['tick', '__system', '__tick']);
    expect(
      r.captured
        .filter((c) => c.component === 'slow')
        .map((c) => c.values[0] as number)
        .sort((a, b) => a - b),
    ).toEqual(EVENTS.map(([id]) => id as number).filter((id) => !HELD.includes(id)));
  });
});
