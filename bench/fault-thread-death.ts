// `pnpm fault:threads`: the fault run for a worker thread that dies. For each way a thread can die (a component calls
// process.exit, an error escapes from a timer, the thread runs out of heap) and for each thread (the spout's own, or
// the other one), runs bench/fault-thread-death-topology.ts on two worker threads until every id is acked (or a
// deadline), then prints, per row: ids generated, tuple trees emitted / acked / failed / pending / abandoned as the
// summary counts them, whether emitted = acked + failed + pending + abandoned, and from the components' own reports the
// ids replayed, duplicated at the sink, and lost (never acked). Exit code 1 if any row loses an id or breaks the sum.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BroadcastChannel } from 'node:worker_threads';
import { loadTopology, runLocal, type RunSnapshot } from '@twinstorm/local';
import { assignTaskIds } from '@twinstorm/core/runtime';
import { placeTasks } from '@twinstorm/local/internals';
import type { FaultEvent, KillMode } from './fault-thread-death-topology.ts';

const MODULE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fault-thread-death-topology.ts');
const COUNT = 2000;
const MODES: KillMode[] = ['exit', 'throw', 'oom'];
const DEADLINE_MS = 60_000;

interface Row {
  mode: KillMode;
  dies: 'spout thread' | 'other thread';
  summary: RunSnapshot;
  replayed: number;
  duplicated: number;
  lost: number;
  restarts: number;
}

const dir = mkdtempSync(path.join(tmpdir(), 'twinstorm-fault-threads-'));
const topology = await loadTopology(MODULE, 'threadDeath');
const placement = placeTasks(topology.spec, 2);
const taskIds = assignTaskIds(topology.spec);
const taskOf = (component: string): number[] => taskIds.get(component)!;
const spoutThread = placement.threadOf[taskOf('ids')[0]!]!;

async function runOnce(mode: KillMode, spoutDies: boolean): Promise<Row> {
  const killer = taskOf('work').find((t) => (placement.threadOf[t] === spoutThread) === spoutDies)!;
  const channelName = `twinstorm-fault-${process.pid}-${mode}-${spoutDies}`;
  const marker = path.join(dir, channelName);
  writeFileSync(marker, '');
  const emits = new Map<number, number>();
  const acked = new Set<number>();
  const sunk = new Map<number, number>();
  const channel = new BroadcastChannel(channelName);
  channel.onmessage = (m: unknown) => {
    const ev = (m as { data: FaultEvent }).data;
    if (ev.e === 'emit') emits.set(ev.id, (emits.get(ev.id) ?? 0) + 1);
    else if (ev.e === 'ack') acked.add(ev.id);
    else if (ev.e === 'sink') sunk.set(ev.id, (sunk.get(ev.id) ?? 0) + 1);
  };
  const run = runLocal(topology, {
    workers: 2,
    drainTimeoutMs: 5_000,
    conf: {
      'fault.channel': channelName,
      'fault.count': COUNT,
      'fault.kill.task': killer,
      'fault.kill.mode': mode,
      'fault.kill.marker': marker,
      'fault.kill.after': 200,
      ...(mode === 'oom' ? { 'topology.worker.max.heap.size.mb': 64 } : {}),
    },
    onError: () => undefined,
    onLog: () => undefined,
    onWorkerExit: () => undefined,
  });
  await run.started;
  const deadline = Date.now() + DEADLINE_MS;
  while ((acked.size < COUNT || existsSync(marker)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  await run.stop();
  const summary = await run.finished;
  await new Promise((r) => setTimeout(r, 100)); // the last channel messages
  channel.close();
  let replayed = 0;
  for (const n of emits.values()) replayed += n - 1;
  let duplicated = 0;
  for (const n of sunk.values()) duplicated += n - 1;
  const restarts = (summary.workers ?? []).reduce((sum, w) => sum + w.restarts, 0);
  return { mode, dies: spoutDies ? 'spout thread' : 'other thread', summary, replayed, duplicated, lost: COUNT - acked.size, restarts };
}

const rows: Row[] = [];
for (const mode of MODES)
  for (const spoutDies of [false, true]) {
    process.stderr.write(`fault run: ${mode}, ${spoutDies ? "the spout's thread" : 'the other thread'} dies...\n`);
    rows.push(await runOnce(mode, spoutDies));
  }
rmSync(dir, { recursive: true, force: true });

const header = [
  'death',
  'thread',
  'restarts',
  'ids',
  'emitted',
  'acked',
  'failed',
  'pending',
  'abandoned',
  'sum ok',
  'replayed',
  'duplicated',
  'lost',
];
const table = rows.map((r) => {
  const t = r.summary.spoutTuples;
  const ok = t.emitted === t.acked + t.failed + t.pending + t.abandoned;
  return [
    r.mode,
    r.dies,
    r.restarts,
    COUNT,
    t.emitted,
    t.acked,
    t.failed,
    t.pending,
    t.abandoned,
    ok ? 'yes' : 'NO',
    r.replayed,
    r.duplicated,
    r.lost,
  ].map(String);
});
const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
const line = (cells: string[]): string => cells.map((c, i) => c.padStart(widths[i]!)).join('  ');
console.log(line(header));
for (const row of table) console.log(line(row));
const bad = rows.some((r) => {
  const t = r.summary.spoutTuples;
  return r.lost > 0 || r.restarts !== 1 || t.emitted !== t.acked + t.failed + t.pending + t.abandoned;
});
process.exitCode = bad ? 1 : 0;
