import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ClusterError } from '../errors.ts';
import { stormSummary } from './storm-status.ts';

/** NimbusCommand's `status wordcount`, recorded against the loopback cluster (Storm 2.8.3) after ~3 minutes. */
const RECORDED = JSON.parse(readFileSync(new URL('./fixtures/status-wordcount.json', import.meta.url), 'utf8')) as Record<string, unknown>;

describe('stormSummary (NimbusCommand status -> the local summary keys)', () => {
  it("maps a recorded answer: the local summary's keys, runtime storm, what Storm does not measure as null", () => {
    const s = stormSummary(RECORDED, '127.0.0.1:6627');
    expect(s).toMatchObject({
      name: 'wordcount',
      topology: 'wordcount',
      runtime: 'storm',
      state: 'running',
      stormStatus: 'ACTIVE',
      durationMs: 196_000,
      spoutTuples: { emitted: 407_180, acked: 408_500, failed: 0, pending: null },
      throughput: { spoutTuplesPerSec: Math.round(408_500 / 196), tuplesPerSec: Math.round((407_180 + 3_976_560 + 3_971_820) / 196) },
      completeLatencyMs: { p50: null, p99: null, mean: 21.719 },
      lastErrors: [],
      id: 'wordcount-1-1795790059',
      workers: 1,
      workerProcesses: [{ host: '127.0.0.1', port: 6700, uptimeSecs: 180 }],
      executors: 6,
      stormVersion: '2.8.3',
      nimbus: '127.0.0.1:6627',
    });
    expect(Object.keys(s.components)).toEqual(['sentences', 'count', 'split']);
    expect(s.components['sentences']).toEqual({
      kind: 'spout',
      tasks: 1,
      executors: 1,
      executed: null,
      emitted: 407_180,
      transferred: 407_180,
      acked: 408_500,
      failed: 0,
      errors: 0,
      executeLatencyMs: null,
      processLatencyMs: null,
      capacity: null,
      queued: null,
      pending: null,
      completeLatencyMs: { p50: null, p99: null, mean: 21.719 },
    });
    expect(s.components['count']).toMatchObject({ kind: 'bolt', tasks: 2, executed: 3_975_340, acked: 3_975_240, executeLatencyMs: 0.007 });
    // Every key of the local summary is there.
    for (const key of [
      'topology',
      'runtime',
      'state',
      'durationMs',
      'spoutTuples',
      'components',
      'throughput',
      'completeLatencyMs',
      'lastErrors',
    ]) {
      expect(s).toHaveProperty(key);
    }
  });

  it("merges the components' errors, oldest first, at most 20, with their component", () => {
    const withErrors = structuredClone(RECORDED) as { components: Array<Record<string, unknown>>; status: string };
    withErrors.status = 'KILLED';
    withErrors.components[2]!['errors'] = [
      { time: 1_700_000_030, host: '127.0.0.1', port: 6700, message: 'java.lang.RuntimeException: boom\n\tat ...' },
      { time: 1_700_000_010, host: '127.0.0.1', port: 6700, message: 'first' },
    ];
    withErrors.components[0]!['errors'] = [{ time: 1_700_000_020, host: '127.0.0.1', port: 6701, message: 'spout trouble' }];
    const s = stormSummary(withErrors, 'h:1');
    expect(s.state).toBe('killed');
    expect(s.components['split']!.errors).toBe(2);
    expect(s.lastErrors.map((e) => [e.component, e.message.split('\n')[0], e.time])).toEqual([
      ['split', 'first', 1_700_000_010_000],
      ['sentences', 'spout trouble', 1_700_000_020_000],
      ['split', 'java.lang.RuntimeException: boom', 1_700_000_030_000],
    ]);
  });

  it('refuses an answer it cannot read', () => {
    expect(() => stormSummary({ nope: 1 }, 'h:1')).toThrow(ClusterError);
  });
});
