import { describe, expect, it } from 'vitest';
import { snapshot } from '../../test/support/snapshots.ts';
import { renderRunReport } from './snapshot-table.ts';
import { formatBytes } from './format.ts';
import { renderWorkers } from './workers-table.ts';

const workers = [
  {
    index: 0,
    state: 'running' as const,
    tasks: ['numbers:3', 'square:4'],
    cpu: 0.973,
    queued: 12,
    inboundBytes: 2048,
    outbound: 0,
    restarts: 0,
  },
  {
    index: 1,
    state: 'restarting' as const,
    tasks: ['square:5', 'sum:6'],
    cpu: 0,
    queued: 0,
    inboundBytes: 3_500_000,
    outbound: 7,
    restarts: 2,
    lastExit: 'process.exit(3) called (at Killer.execute (/t/killer.ts:9:5))',
  },
];

describe('renderWorkers', () => {
  it('shows one row per worker thread: state, CPU, queue depths, restarts and tasks, then why restarted threads died', () => {
    const text = renderWorkers(workers, false);
    const lines = text.split('\n');
    expect(lines[0]).toBe('worker threads: 2');
    expect(text).toMatch(/│ +worker │ state +│ +cpu │ queued │ inbound │ outbound │ restarts │ tasks +│/);
    expect(text).toMatch(/│ +0 │ running +│ +97% │ +12 │ +2\.0 KB │ +0 │ +0 │ numbers:3 square:4 │/);
    expect(text).toMatch(/│ +1 │ restarting │ +0% │ +0 │ +3\.3 MB │ +7 │ +2 │ square:5 sum:6 +│/);
    expect(lines.at(-1)).toBe('  worker 1 restarted 2 time(s); last exit: process.exit(3) called (at Killer.execute (/t/killer.ts:9:5))');
  });

  it('is part of the run report only when the run has worker threads', () => {
    expect(renderRunReport(snapshot())).not.toContain('worker threads');
    expect(renderRunReport(snapshot({ workers }))).toContain('worker threads: 2');
    expect(formatBytes(100)).toBe('100 B');
  });
});
