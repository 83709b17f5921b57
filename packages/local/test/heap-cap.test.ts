// topology.worker.max.heap.size.mb takes effect on a default run (one worker, every task fused): the topology runs on
// one worker thread with that heap, so a component that allocates without end kills its thread (reported and
// restarted) instead of growing the whole process to gigabytes.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { waitFor } from '@twinstorm/core/testing';
import { loadTopology, type WorkerExitEvent } from '../src/index.ts';
import { start } from './helpers.ts';
import { ProbeLog } from './modes.ts';

const FIXTURE = new URL('./fixtures/supervision.ts', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'twinstorm-heap-cap-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('a heap cap on a one-worker run puts the topology on a worker thread with that heap', async () => {
  const topology = await loadTopology(FIXTURE, 'supervised');
  const marker = join(dir, 'kill-oom');
  const exits: WorkerExitEvent[] = [];
  const probe = new ProbeLog();
  const conf = {
    ...probe.conf,
    'test.kill.task': 4,
    'test.kill.mode': 'oom',
    'test.kill.marker': marker,
    'test.kill.after': 40,
    'topology.worker.max.heap.size.mb': 64,
  };
  const h = start(topology, { conf, onWorkerExit: (e) => exits.push(e) });
  try {
    // Checked before the killer is armed (nothing has run yet): in this thread, the allocation would have no cap.
    expect(h.run.placement?.threads).toBe(1);
    expect(h.run.placement?.reason).toMatch(/topology\.worker\.max\.heap\.size\.mb=64 caps its heap/);
    writeFileSync(marker, '');
    await waitFor(() => exits.length === 1, 30_000, 'the worker thread ran out of its 64 MB heap', h);
    expect(exits[0]!.reason).toMatch(/^out of memory/);
    await waitFor(() => h.run.snapshot().workers?.[0]?.state === 'running', 20_000, 'the thread running again', h);
    expect(h.run.snapshot().workers).toHaveLength(1);
  } finally {
    await h.run.stop();
    probe.close();
  }
}, 90_000);
