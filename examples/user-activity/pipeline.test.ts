import { describe, expect, it } from 'vitest';
import { evaluateAlerts } from './evaluation.ts';
import { generateEvents } from './generator.ts';
import { runPipeline } from './offline.ts';

// The detection logic without an engine, over several seeds: the figures the topology test relies on.
describe('detection quality (offline pipeline)', () => {
  const N = 20_000;
  for (const seed of [undefined, 1, 2, 3]) {
    it(`seed ${seed ?? 'default'}: every injected incident alerted, few false alerts`, () => {
      const log = generateEvents(N + 1_000, seed === undefined ? {} : { seed });
      const { scored, alerts } = runPipeline(log.slice(0, N));
      expect(scored).toHaveLength(N);
      const ev = evaluateAlerts(
        log,
        N,
        alerts.map((a) => a.event_id),
      );
      process.stderr.write(
        `user-activity offline seed=${seed ?? 'default'}: incidents=${ev.incidents} detected=${ev.detected} recall=${ev.recall.toFixed(3)} alerts=${ev.alerts} true=${ev.trueAlerts} precision=${ev.precision.toFixed(3)}\n`,
      );
      expect(ev.missed).toEqual([]);
      expect(ev.incidents).toBeGreaterThanOrEqual(30);
      expect(ev.precision).toBeGreaterThanOrEqual(0.9);
    });
  }
});
