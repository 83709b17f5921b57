import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StormTopologySummary } from '@twinstorm/cluster';
import { MAX_RESTARTS, withStormHistory } from './storm-memory.ts';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'ts-storm-memory-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const ERROR = { component: 'b', task: null, message: 'boom', time: 1_000_000, host: 'h', port: 6700 };

/** Only the fields withStormHistory reads matter here. */
function answer(uptimes: number[], lastErrors = [ERROR]): StormTopologySummary {
  const workerProcesses = uptimes.map((uptimeSecs, i) => ({ host: 'h', port: 6700 + i, uptimeSecs }));
  return { id: 'probe-1-1', workerProcesses, lastErrors } as unknown as StormTopologySummary;
}

describe('withStormHistory: what status remembers of a topology on Storm', () => {
  it('a first launch is no restart, however far the workers trail the topology; steady uptimes are none either', async () => {
    const t0 = 10_000_000;
    expect((await withStormHistory(answer([0, 11]), dir, t0)).workerRestarts).toEqual([]);
    // 20 s later each uptime grew by 17-20 s (heartbeats lag): still the same workers.
    expect((await withStormHistory(answer([17, 31]), dir, t0 + 20_000)).workerRestarts).toEqual([]);
    expect(statSync(path.join(dir, 'storm', 'probe-1-1.json')).mode & 0o777).toBe(0o600);
    expect(statSync(path.join(dir, 'storm')).mode & 0o777).toBe(0o700);
  });

  it('an uptime that went back is a restart; so is one that started later than the slack allows', async () => {
    const t0 = 10_000_000;
    await withStormHistory(answer([100, 100]), dir, t0);
    const after = await withStormHistory(answer([5, 100]), dir, t0 + 10_000);
    expect(after.workerRestarts).toEqual([{ host: 'h', port: 6700, restartedAt: t0 + 5_000, previousUptimeSecs: 100 }]);
    // Not seen back: the second worker restarted and has been up 150 s when status is asked again 200 s later.
    const later = await withStormHistory(answer([205, 150]), dir, t0 + 210_000);
    expect(later.workerRestarts.map((r) => r.port)).toEqual([6700, 6701]);
  });

  it('a worker Nimbus did not list for a while (it was being restarted) is still compared with its last sighting', async () => {
    const t0 = 10_000_000;
    await withStormHistory(answer([60]), dir, t0);
    await withStormHistory(answer([]), dir, t0 + 5_000);
    const back = await withStormHistory(answer([2]), dir, t0 + 25_000);
    expect(back.workerRestarts).toEqual([{ host: 'h', port: 6700, restartedAt: t0 + 23_000, previousUptimeSecs: 60 }]);
  });

  it('keeps the errors Nimbus dropped, marked as such, next to the ones it holds, oldest first', async () => {
    await withStormHistory(answer([10]), dir, 2_000_000);
    const newer = { ...ERROR, message: 'again', time: 1_500_000 };
    const s = await withStormHistory(answer([1], [newer]), dir, 2_010_000);
    expect(s.lastErrors).toEqual([
      { ...ERROR, heldBy: 'twinstorm' },
      { ...newer, heldBy: 'nimbus' },
    ]);
  });

  it(`keeps the newest ${MAX_RESTARTS} restarts, not the error limit, however often a worker comes back`, async () => {
    const t0 = 10_000_000;
    const rounds = MAX_RESTARTS + 7;
    await withStormHistory(answer([100]), dir, t0);
    let last = await withStormHistory(answer([1]), dir, t0 + 1_000);
    for (let i = 2; i <= rounds; i++) {
      // Each call the uptime went back from 10 s to 1 s: one restart per call.
      await withStormHistory(answer([10]), dir, t0 + i * 20_000);
      last = await withStormHistory(answer([1]), dir, t0 + i * 20_000 + 10_000);
    }
    expect(last.workerRestarts).toHaveLength(MAX_RESTARTS);
    expect(MAX_RESTARTS).toBeGreaterThan(20); // more than the errors kept (MAX_ERRORS)
    // The oldest were dropped: the first restart kept is round rounds - MAX_RESTARTS + 1, the last is the newest.
    expect(last.workerRestarts[0]?.restartedAt).toBe(t0 + (rounds - MAX_RESTARTS + 1) * 20_000 + 9_000);
    expect(last.workerRestarts.at(-1)?.restartedAt).toBe(t0 + rounds * 20_000 + 9_000);
    expect(last.workerRestarts.every((r) => r.previousUptimeSecs === 10)).toBe(true);
  });
});
