import { describe, expect, it } from 'vitest';
import { snapshot } from '../../test/support/snapshots.ts';
import { computeRates } from './rates.ts';
import { renderRunReport } from './snapshot-table.ts';
import { formatCount, formatMs, formatRate, formatUptime } from './format.ts';

describe('formatting', () => {
  it('formats counts, rates, latencies and uptimes for people', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatRate(12.345)).toBe('12.3');
    expect(formatRate(12345.6)).toBe('12,346');
    expect(formatMs(0.0421)).toBe('0.042');
    expect(formatMs(3.14159)).toBe('3.14');
    expect(formatMs(27.46)).toBe('27.5');
    expect(formatMs(1204.4)).toBe('1,204');
    expect(formatUptime(850)).toBe('850ms');
    expect(formatUptime(4200)).toBe('4.2s');
    expect(formatUptime(187_000)).toBe('3m 07s');
    expect(formatUptime(7_500_000)).toBe('2h 05m');
  });
});

describe('computeRates', () => {
  it('averages over the run without a previous snapshot (spouts: emitted/s, bolts: executed/s)', () => {
    const rates = computeRates(snapshot());
    expect(rates.components).toEqual({ numbers: 500, square: 499, sum: 498 });
    expect(rates.spoutTuplesPerSec).toBe(495);
    expect(rates.tuplesPerSec).toBe(999);
  });

  it('uses the difference with the previous snapshot', () => {
    const before = snapshot();
    const after = snapshot({
      durationMs: 3000,
      spoutTuples: { emitted: 1600, acked: 1590, failed: 2, pending: 8, abandoned: 0, untracked: 0 },
    });
    after.components['numbers']!.emitted = 1600;
    after.components['square']!.executed = 1298;
    const rates = computeRates(after, before);
    expect(rates.components).toEqual({ numbers: 600, square: 300, sum: 0 });
    expect(rates.spoutTuplesPerSec).toBe(600);
    expect(rates.tuplesPerSec).toBe(600);
  });
});

describe('renderRunReport', () => {
  it('shows a header and one row per component', () => {
    const text = renderRunReport(snapshot());
    const lines = text.split('\n');
    expect(lines[0]).toBe('topology numbers  |  local  |  running  |  uptime 2.0s');
    expect(lines[1]).toBe(
      'spout tuples: acked 990, failed 2, pending 8  |  throughput 495 acked/s, 999 tuples/s  |  complete latency p50 1.50 ms, p99 12.0 ms',
    );
    const header = lines.find((l) => l.includes('component'));
    for (const column of [
      'kind',
      'tasks',
      'rate/s',
      'pending/queued',
      'executed',
      'emitted',
      'acked',
      'failed',
      'errors',
      'capacity',
      'latency ms',
    ]) {
      expect(header).toContain(column);
    }
    const cells = (id: string): string[] =>
      (lines.find((l) => l.startsWith(`│ ${id} `)) ?? '')
        .split('│')
        .map((c) => c.trim())
        .filter((c) => c !== '');
    expect(cells('numbers')).toEqual(['numbers', 'spout', '1', '500', '8', '1,000', '1,000', '990', '2', '0', '-', '1.50 / 12.0']);
    expect(cells('square')).toEqual(['square', 'bolt', '2', '499', '3', '998', '998', '998', '0', '0', '0.250', '0.042']);
    expect(cells('sum')).toEqual(['sum', 'basic-bolt', '1', '498', '0', '996', '0', '996', '0', '1', '0.500', '1.25']);
    expect(text).not.toContain('\u001b['); // no colours unless asked
  });

  it('shows why a run stopped and its last errors', () => {
    const text = renderRunReport(
      snapshot({
        state: 'stopped',
        stopReason: 'idle',
        lastErrors: [{ component: 'sum', task: 4, message: 'boom\n    at stack', time: 0 }],
      }),
    );
    expect(text.split('\n')[0]).toContain('stopped (idle)');
    expect(text).toContain('last errors:\n  sum[task 4] boom');
    expect(text).not.toContain('at stack');
  });
});
