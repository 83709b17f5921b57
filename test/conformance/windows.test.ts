// Windowed bolts on both runtimes: count and duration windows, tumbling and sliding, event time with a watermark and
// late tuples. One topology per runtime, the same assertions (and for count and event time, the same windows) on both.
import type { CapturedTuple, RunResult } from '@twinstorm/testkit';
import { expect } from 'vitest';
import { describeRuntimes, feature, once } from './support/suite.ts';
import { PACED_IDS, TIMED } from './topologies/windows.ts';

const TOPOLOGY = new URL('./topologies/windows.ts', import.meta.url).pathname;
const TEN = Array.from({ length: 10 }, (_, id) => [id]);
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

interface Reported {
  ids: number[];
  newIds: number[];
  expiredIds: number[];
  start: number;
  end: number;
}
const windowsOf = (r: RunResult, component: string): Reported[] =>
  r.captured
    .filter((c: CapturedTuple) => c.component === component && c.stream === 'default')
    .map((c) => {
      const [ids, newIds, expiredIds, start, end] = c.values as [number[], number[], number[], number, number];
      return { ids, newIds, expiredIds, start, end };
    });
const outcomes = (r: RunResult, spout: string) =>
  r.settled
    .filter((s) => s.spout === spout)
    .sort((a, b) => a.index - b.index)
    .map((s) => s.outcome);
const observed = (r: RunResult, component: string, kind: string) =>
  r.observations
    .filter((o) => o.component === component && o.kind === kind)
    .map((o) => o.data as number)
    .sort((a, b) => a - b);

describeRuntimes('windows', (suite) => {
  const run = once(() =>
    suite.run(TOPOLOGY, {
      inputs: { tumbleIn: TEN, slideIn: TEN },
      capture: ['countTumbling', 'countSliding', 'timeTumbling', 'timeSliding', 'eventTime'],
      // The own spouts: every paced id acked; every timed id acked or failed (the last one stays in its window).
      until: (p) =>
        new Set(p.observations.filter((o) => o.component === 'paced' && o.kind === 'ack').map((o) => o.data)).size === PACED_IDS &&
        new Set(p.observations.filter((o) => o.component === 'timed').map((o) => o.data)).size === TIMED.length,
    }),
  );

  feature(suite, 'window.count-tumbling', async () => {
    const r = await run();
    expect(windowsOf(r, 'countTumbling').map(({ ids, newIds, expiredIds }) => ({ ids, newIds, expiredIds }))).toEqual([
      { ids: [0, 1, 2], newIds: [0, 1, 2], expiredIds: [] },
      { ids: [3, 4, 5], newIds: [3, 4, 5], expiredIds: [0, 1, 2] },
      { ids: [6, 7, 8], newIds: [6, 7, 8], expiredIds: [3, 4, 5] },
    ]);
    // Acked when they leave their window; the tenth waits for a window that never comes and times out.
    expect(outcomes(r, 'tumbleIn')).toEqual([...Array<string>(9).fill('ack'), 'fail']);
  });

  feature(suite, 'window.count-sliding', async () => {
    const r = await run();
    expect(windowsOf(r, 'countSliding').map(({ ids, newIds, expiredIds }) => ({ ids, newIds, expiredIds }))).toEqual([
      { ids: [0, 1], newIds: [0, 1], expiredIds: [] },
      { ids: [0, 1, 2, 3], newIds: [2, 3], expiredIds: [] },
      { ids: [2, 3, 4, 5], newIds: [4, 5], expiredIds: [0, 1] },
      { ids: [4, 5, 6, 7], newIds: [6, 7], expiredIds: [2, 3] },
      { ids: [6, 7, 8, 9], newIds: [8, 9], expiredIds: [4, 5] },
    ]);
    // 8 and 9 would be in the next window: held, they time out.
    expect(outcomes(r, 'slideIn')).toEqual([...Array<string>(8).fill('ack'), 'fail', 'fail']);
  });

  /** Processing-time windows: bounds from the task's clock, so the checks are what must hold whatever the timing. */
  const checkDuration = (windows: Reported[], lengthMs: number, slideMs: number) => {
    expect(windows.length, 'the 3 s run spans several windows').toBeGreaterThanOrEqual(2);
    for (const [i, w] of windows.entries()) {
      expect(w.end - w.start, `window ${i} spans at least its length`).toBeGreaterThanOrEqual(lengthMs);
      if (i > 0) expect(w.end - windows[i - 1]!.end, `window ${i} ends a slide after the one before`).toBeGreaterThanOrEqual(slideMs - 5);
      const sorted = [...w.ids].sort((a, b) => a - b);
      expect(w.ids, `window ${i} holds consecutive ids, in order`).toEqual(range(sorted[0] ?? 0, (sorted[0] ?? 0) + w.ids.length));
    }
    // Each id is new in exactly one window, and every id was in some window.
    expect(windows.flatMap((w) => w.newIds).sort((a, b) => a - b)).toEqual(range(0, PACED_IDS));
  };

  feature(suite, 'window.time-tumbling', async () => {
    const r = await run();
    const windows = windowsOf(r, 'timeTumbling');
    checkDuration(windows, 1000, 1000);
    expect(
      windows.flatMap((w) => w.ids).sort((a, b) => a - b),
      'tumbling: each id in exactly one window',
    ).toEqual(range(0, PACED_IDS));
    expect(observed(r, 'paced', 'ack'), 'every paced id acked once it left its windows').toEqual(range(0, PACED_IDS));
  });

  feature(suite, 'window.time-sliding', async () => {
    const r = await run();
    const windows = windowsOf(r, 'timeSliding');
    checkDuration(windows, 1000, 500);
    const times = new Map<number, number>();
    for (const w of windows) for (const id of w.ids) times.set(id, (times.get(id) ?? 0) + 1);
    expect(
      [...times.values()].every((n) => n >= 1 && n <= 2),
      'a 1000 ms window sliding by 500 holds each id once or twice',
    ).toBe(true);
    expect([...times.values()].filter((n) => n === 2).length, 'windows overlap: most ids are in two').toBeGreaterThan(PACED_IDS / 2);
    for (const [i, w] of windows.entries()) {
      const before = new Set(windows.slice(0, i).flatMap((x) => x.ids));
      expect(
        w.expiredIds.every((id) => before.has(id) && !w.ids.includes(id)),
        `window ${i}: expired ids were in earlier windows`,
      ).toBe(true);
    }
  });

  feature(suite, 'window.watermark', async () => {
    const r = await run();
    // Event time 1000 ms tumbling, lag 200: id 4 (1250 after 1300) is within the lag; [4000, 5000) is empty, skipped.
    expect(windowsOf(r, 'eventTime')).toEqual([
      { ids: [0, 1, 2], newIds: [0, 1, 2], expiredIds: [], start: 0, end: 1000 },
      { ids: [3, 4], newIds: [3, 4], expiredIds: [0, 1, 2], start: 1000, end: 2000 },
      { ids: [5], newIds: [5], expiredIds: [3, 4], start: 2000, end: 3000 },
      { ids: [7], newIds: [7], expiredIds: [5], start: 3000, end: 4000 },
      { ids: [8], newIds: [8], expiredIds: [7], start: 5000, end: 6000 },
    ]);
    // The last id waits for a watermark past 8000 that never comes, and times out.
    expect(observed(r, 'timed', 'ack')).toEqual(range(0, 9));
    expect(observed(r, 'timed', 'fail')).toEqual([9]);
  });

  feature(suite, 'window.late', async () => {
    const r = await run();
    const late = r.captured.filter((c) => c.component === 'eventTime' && c.stream === 'late').map((c) => c.values);
    expect(late, 'id 6 (event time 600, after the watermark reached 1900) is late').toEqual([[6, 600]]);
    expect(windowsOf(r, 'eventTime').flatMap((w) => w.ids)).not.toContain(6);
    expect(observed(r, 'timed', 'ack'), 'the late tuple is acked').toContain(6);
  });
});
