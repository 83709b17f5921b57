import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ClusterError, type StormTopologySummary } from '@twinstorm/cluster';
import type { StormStatusWithHistory } from '../status/storm-memory.ts';
import { statusCommand, type StatusDeps, type StormStatusLookup } from './status.ts';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'ts-status-storm-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const SUMMARY: StormTopologySummary = {
  name: 'wordcount',
  topology: 'wordcount',
  runtime: 'storm',
  state: 'running',
  durationMs: 60_000,
  spoutTuples: { emitted: 600, acked: 590, failed: 2, pending: null },
  components: {
    sentences: {
      kind: 'spout',
      tasks: 1,
      executors: 1,
      executed: null,
      emitted: 600,
      transferred: 600,
      acked: 590,
      failed: 2,
      errors: 0,
      executeLatencyMs: null,
      processLatencyMs: null,
      capacity: null,
      queued: null,
      pending: null,
      completeLatencyMs: { p50: null, p99: null, mean: 12.5 },
    },
    split: {
      kind: 'bolt',
      tasks: 2,
      executors: 2,
      executed: 600,
      emitted: 6000,
      transferred: 6000,
      acked: 600,
      failed: 0,
      errors: 1,
      executeLatencyMs: 0.02,
      processLatencyMs: 0.5,
      capacity: null,
      queued: null,
      pending: null,
    },
  },
  throughput: { spoutTuplesPerSec: 10, tuplesPerSec: 110 },
  completeLatencyMs: { p50: null, p99: null, mean: 12.5 },
  lastErrors: [{ component: 'split', task: null, message: 'boom\n\tat x', time: 1_700_000_000_000, host: '127.0.0.1', port: 6700 }],
  id: 'wordcount-1-1700000000',
  stormStatus: 'ACTIVE',
  workers: 1,
  workerProcesses: [{ host: '127.0.0.1', port: 6700, uptimeSecs: 55 }],
  executors: 3,
  stormVersion: '2.8.3',
  nimbus: '127.0.0.1:6627',
};

function deps(storm?: StormStatusLookup): StatusDeps & { out: string[]; asked: unknown[] } {
  const out: string[] = [];
  const asked: unknown[] = [];
  const d: StatusDeps & { out: string[]; asked: unknown[] } = {
    out,
    asked,
    runtimeDir: dir,
    fetch: () => Promise.reject(new Error('no local runs in these tests')),
    stdout: { write: (t: string) => void out.push(t) },
    stderr: { write: () => undefined },
  };
  if (storm !== undefined) {
    d.stormStatus = (name, options) => {
      asked.push([name, options]);
      return storm(name, options);
    };
  }
  return d;
}

describe('twinstorm status: the Storm branch', () => {
  it('a name that is not a local run is looked up on Storm (without installing Storm), and shown as the local table', async () => {
    const d = deps(() => Promise.resolve(SUMMARY));
    expect(await statusCommand('wordcount', { json: false }, d)).toBe(0);
    expect(d.asked).toEqual([['wordcount', { installIfMissing: false }]]);
    const text = d.out.join('');
    expect(text).toContain('== wordcount (storm)');
    expect(text).toContain('topology wordcount  |  storm (wordcount-1-1700000000 on Nimbus 127.0.0.1:6627)  |  running  |  uptime 1m 00s');
    expect(text).toMatch(/│ split\s+│ bolt\s+│\s+2 │\s+10\.0 │\s+- │\s+600 │\s+6,000 │\s+600 │\s+0 │\s+1 │\s+- │\s+0\.020 │/);
    expect(text).toMatch(/│ sentences\s+│ spout\s+│\s+1 │\s+10\.0 │\s+- │\s+- │\s+600 │\s+590 │\s+2 │\s+0 │\s+- │\s+12\.5 │/);
    expect(text).toContain('workers: 127.0.0.1:6700 up 55.0s');
    expect(text).toContain('last errors:\n  2023-11-14T22:13:20Z split[127.0.0.1:6700] boom');
  });

  it('after a worker restart: shows the restart, and keeps the error Nimbus dropped, with its time (table and --json)', async () => {
    await statusCommand(
      'wordcount',
      { json: false },
      deps(() => Promise.resolve(SUMMARY)),
    );
    // What Nimbus answers once the worker was killed and Storm started another: uptime back near 0, errors gone.
    const restarted: StormTopologySummary = {
      ...SUMMARY,
      workerProcesses: [{ host: '127.0.0.1', port: 6700, uptimeSecs: 3 }],
      lastErrors: [],
    };
    const d = deps(() => Promise.resolve(restarted));
    await statusCommand('wordcount', { json: false }, d);
    const text = d.out.join('');
    expect(text).toContain('workers: 127.0.0.1:6700 up 3.0s');
    expect(text).toMatch(/worker 127\.0\.0\.1:6700 restarted at \d{4}-\d\d-\d\dT[\d:]+Z \(the one before had been up 55.0s\)/);
    expect(text).toContain('last errors:\n  2023-11-14T22:13:20Z split[127.0.0.1:6700] (no longer on Nimbus) boom');
    const j = deps(() => Promise.resolve(restarted));
    await statusCommand('wordcount', { json: true }, j);
    const run = (JSON.parse(j.out.join('')) as { runs: StormStatusWithHistory[] }).runs[0]!;
    expect(run.workerRestarts).toMatchObject([{ host: '127.0.0.1', port: 6700, previousUptimeSecs: 55 }]);
    expect(run.lastErrors).toEqual([{ ...SUMMARY.lastErrors[0], heldBy: 'twinstorm' }]);
  });

  it('--json prints {"runs": [summary]} with runtime storm', async () => {
    const d = deps(() => Promise.resolve(SUMMARY));
    await statusCommand('wordcount', { json: true, storm: true, nimbus: 'h:1' }, d);
    expect(d.asked).toEqual([['wordcount', { nimbus: 'h:1', installIfMissing: true }]]);
    const parsed = JSON.parse(d.out.join('')) as { runs: StormTopologySummary[] };
    expect(parsed.runs).toHaveLength(1);
    expect(parsed.runs[0]!.runtime).toBe('storm');
    expect(parsed.runs[0]!.spoutTuples.acked).toBe(590);
  });

  it('a name that is nowhere: the local message, plus where Storm was asked when --nimbus asked for it', async () => {
    const notFound = deps(() => Promise.reject(new ClusterError('E_TOPOLOGY_NOT_FOUND', 'topology "x" is not running')));
    await expect(statusCommand('x', { json: false }, notFound)).rejects.toThrow(/^no run named "x" \(no twinstorm runs on this machine\)$/);
    await expect(statusCommand('x', { json: false, nimbus: 'h:1' }, notFound)).rejects.toThrow(
      'no run named "x" (no twinstorm runs on this machine; not on Storm either)',
    );
    const down = deps(() => Promise.reject(new ClusterError('E_NIMBUS_UNREACHABLE', 'Nimbus at h:1 is unreachable')));
    await expect(statusCommand('x', { json: false }, down)).rejects.toThrow(/^no run named "x" \(no twinstorm runs on this machine\)$/);
    await expect(statusCommand('x', { json: false, nimbus: 'h:1' }, down)).rejects.toThrow(
      'no run named "x" (no twinstorm runs on this machine; Storm not asked: Nimbus at h:1 is unreachable)',
    );
  });

  it('with --storm, Storm errors are the answer; other errors are never swallowed', async () => {
    const down = deps(() => Promise.reject(new ClusterError('E_NIMBUS_UNREACHABLE', 'Nimbus at h:1 is unreachable')));
    await expect(statusCommand('x', { json: false, storm: true }, down)).rejects.toThrow('Nimbus at h:1 is unreachable');
    const broken = deps(() => Promise.reject(new ClusterError('E_NIMBUS', 'NimbusCommand answered garbage')));
    await expect(statusCommand('x', { json: false }, broken)).rejects.toThrow('NimbusCommand answered garbage');
    await expect(statusCommand(undefined, { json: false, storm: true }, down)).rejects.toThrow('status --storm needs a topology name');
  });
});
