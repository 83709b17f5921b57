// Quick local measurement of the runner's CPU per tuple for a pass-through bolt (`node --import tsx
// packages/multilang/src/runner/bench-passthrough.ts [tuples] [in-flight] [split] [-- node flags for the child]`), e.g. with
// `-- --cpu-prof` to profile the child. The benchmark of record is bench/adapter.ts (fake-Storm harness, storm.js
// side by side); this one exists to iterate on the hot path: it feeds pre-built frames, so the driver costs little.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { assignTaskIds } from '@twinstorm/core/runtime';
import { FrameDecoder } from '../codec/frame-decoder.ts';
import { buildStormHandshake } from '../protocol/storm-context.ts';
import topology from './fixtures/topology.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const dash = process.argv.indexOf('--');
const args = dash < 0 ? process.argv.slice(2) : process.argv.slice(2, dash);
const nodeFlags = dash < 0 ? [] : process.argv.slice(dash + 1);
const tuples = Number(args[0] ?? 200_000);
const inFlight = Number(args[1] ?? 100);
/** `split`: one write per frame, as ShellBolt's writer thread flushes each message (the child then reads fewer per chunk). */
const split = args[2] === 'split';
const warmup = Math.min(20_000, tuples);
const fixture = path.join(root, 'packages/multilang/src/runner/fixtures/topology.ts');
const bin = path.join(root, 'packages/cli/bin/twinstorm.js');

const child = spawn(process.execPath, [...nodeFlags, bin, 'component', fixture, 'pass'], { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] });
const cpuTicks = (): number => {
  const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return Number(fields[11]) + Number(fields[12]);
};

let acked = 0;
let sent = 0;
let startTicks = 0;
let startTime = 0n;
const total = warmup + tuples;
const frame = (i: number): string =>
  `{"id":"${-7000000000000000000 + i}","comp":"numbers","stream":"default","task":1,"tuple":[${i}]}\nend\n`;
const pump = (): void => {
  let batch = '';
  while (sent < total && sent - acked < inFlight) {
    if (split) child.stdin.write(frame(sent++));
    else batch += frame(sent++);
  }
  if (batch.length > 0) child.stdin.write(batch);
};
const decoder = new FrameDecoder({
  onFrame: (m) => {
    if ((m as { command?: string }).command !== 'ack') return;
    acked++;
    if (acked === warmup) {
      startTicks = cpuTicks();
      startTime = process.hrtime.bigint();
    }
    if (acked === total) {
      const cpuMs = (cpuTicks() - startTicks) * 10;
      const wallMs = Number(process.hrtime.bigint() - startTime) / 1e6;
      process.stdout.write(
        `${tuples} tuples, ${inFlight} in flight${split ? ', one write per frame' : ''}: child CPU ${((cpuMs * 1000) / tuples).toFixed(2)} µs/tuple, wall ${((wallMs * 1000) / tuples).toFixed(2)} µs/tuple\n`,
      );
      child.stdin.end();
    }
  },
  onError: (e) => {
    throw e;
  },
});
child.stdout.on('data', (chunk: Buffer) => {
  decoder.push(chunk);
  pump();
});
const task = assignTaskIds(topology.spec).get('pass')![0]!;
child.stdin.write(
  `${JSON.stringify(buildStormHandshake(topology.spec, task, { pidDir: mkdtempSync(path.join(tmpdir(), 'bench-')) }))}\nend\n`,
);
pump();
