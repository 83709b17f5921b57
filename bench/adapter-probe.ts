// A diagnostic companion of bench/adapter.ts: one adapter, one measured window, the child's user and system CPU per
// tuple apart, and optionally a tool attached to the child for that window only (after start-up and warm-up):
//   node --import tsx bench/adapter-probe.ts [twinstorm|storm.js] [none|perf|strace] [tuples] [--socketpair]
// `perf` counts context switches and the read / write / epoll_pwait syscalls (software events and tracepoints work
// where hardware counters do not); `strace -c` counts syscalls too but slows the child enough to change its batching.
// CHILD_FLAGS="--cpu-prof --cpu-prof-dir=DIR" adds node flags to the child's command line.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { FakeStorm, stormJsChild, twinstormComponent, fixtureSpec } from '@twinstorm/multilang/testing';

const argv = process.argv.slice(2).filter((a) => a !== '--');
const socketpair = argv.includes('--socketpair');
const [adapter = 'twinstorm', tool = 'none', count = '200000'] = argv.filter((a) => !a.startsWith('--'));
const tuples = Number(count);
const PERF_EVENTS = 'task-clock,context-switches,syscalls:sys_enter_read,syscalls:sys_enter_write,syscalls:sys_enter_epoll_pwait';

const base = adapter === 'twinstorm' ? twinstormComponent('passthrough.ts', 'pass') : await stormJsChild('pass-bolt');
const childFlags = (process.env['CHILD_FLAGS'] ?? '').split(' ').filter((f) => f.length > 0);
const [node, ...rest] = base.command;
const storm = await FakeStorm.start({
  spec: await fixtureSpec('passthrough.ts'),
  componentId: 'pass',
  command: [node!, ...childFlags, ...rest],
  spawn: { ...base.spawn, stdio: socketpair ? 'socketpair' : 'pipe' },
  collect: false,
  handshakeTimeoutMs: 60_000,
});

/** Pushes n tuples, 100 in flight (ShellBolt's max pending). */
function push(n: number): Promise<void> {
  let sent = 0;
  let settled = 0;
  return new Promise((resolve) => {
    const onSettled = (): void => {
      settled++;
      if (sent < n) send();
      else if (settled === n) resolve();
    };
    const send = (): void => {
      sent++;
      storm.sendTuple([sent], { onSettled });
    };
    for (let i = 0; i < Math.min(100, n); i++) send();
  });
}

/** utime and stime of the child, in clock ticks (100 per second). */
async function ticks(): Promise<[number, number]> {
  const stat = await readFile(`/proc/${storm.pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return [Number(fields[11]), Number(fields[12])];
}

try {
  await push(20_000);
  let attached: ChildProcess | undefined;
  const pid = String(storm.pid);
  if (tool === 'perf') attached = spawn('perf', ['stat', '-e', PERF_EVENTS, '-p', pid], { stdio: 'inherit' });
  if (tool === 'strace') attached = spawn('strace', ['-c', '-f', '-p', pid], { stdio: 'inherit' });
  if (attached !== undefined) await new Promise((resolve) => setTimeout(resolve, 1000));
  const [user0, sys0] = await ticks();
  const own0 = process.cpuUsage();
  const t0 = performance.now();
  await push(tuples);
  const wall = performance.now() - t0;
  const own = process.cpuUsage(own0);
  const [user1, sys1] = await ticks();
  if (attached !== undefined) {
    attached.kill('SIGINT');
    await new Promise((resolve) => attached.on('exit', resolve));
  }
  const us = (t: number): string => ((t * 10_000) / tuples).toFixed(2);
  process.stdout.write(
    `${adapter} (${socketpair ? 'socketpairs' : 'pipes'}): child user ${us(user1 - user0)} + sys ${us(sys1 - sys0)} µs/tuple; ` +
      `harness ${((own.user + own.system) / tuples).toFixed(2)} µs/tuple; wall ${((wall * 1000) / tuples).toFixed(2)} µs/tuple\n`,
  );
  await storm.stop();
} finally {
  await storm.dispose();
}
