import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { EventEmitter } from 'node:events';
import { type Topology } from '@twinstorm/core';
import { assignTaskIds } from '@twinstorm/core/runtime';
import { loadTopology } from '@twinstorm/local';
import { buildStormHandshake, FrameDecoder, type StdoutGuard } from '@twinstorm/multilang';
import { describe, expect, it, vi } from 'vitest';
import { componentCommand, type ComponentDeps } from './component.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../../..');
const bin = path.join(root, 'packages/cli/bin/twinstorm.js');
const loudFixture = path.join(root, 'packages/multilang/src/runner/fixtures/loud-topology.ts');

/** Loads the loud fixture in this process (for its spec) without letting its import-time printing into the test output. */
async function loadQuietly(file: string): Promise<Topology> {
  const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    return await loadTopology(file);
  } finally {
    log.mockRestore();
    write.mockRestore();
  }
}

function fakeDeps(overrides: Partial<ComponentDeps>, order: string[]): ComponentDeps {
  const guard: StdoutGuard = {
    protocolOutput: new PassThrough(),
    connect: () => undefined,
    disconnect: () => undefined,
    uninstall: () => void order.push('uninstall'),
  };
  return {
    installGuard: () => {
      order.push('guard');
      return guard;
    },
    load: () => Promise.reject(new Error('unused')),
    run: () => Promise.resolve(0),
    stdin: new PassThrough(),
    stderr: new PassThrough(),
    processEvents: new EventEmitter(),
    pid: 99,
    ...overrides,
  };
}

describe('twinstorm component', () => {
  it('installs the stdout guard before loading the module, then runs with the guarded fd 1', async () => {
    const order: string[] = [];
    let seen: { componentId?: string; output?: unknown } = {};
    const deps = fakeDeps(
      {
        load: (file) => {
          order.push(`load ${file}`);
          return Promise.resolve({} as Topology);
        },
        run: (options) => {
          seen = options;
          return Promise.resolve(7);
        },
      },
      order,
    );
    expect(await componentCommand('t.ts', 'split', { export: 'default' }, deps)).toBe(7);
    expect(order).toEqual(['guard', 'load t.ts']);
    expect(seen.componentId).toBe('split');
  });

  it('a module that cannot load: one stderr line and exit 22', async () => {
    const order: string[] = [];
    const stderr = new PassThrough();
    const deps = fakeDeps({ load: () => Promise.reject(new Error('SyntaxError: bad token')), stderr }, order);
    expect(await componentCommand('t.ts', 'split', { export: 'default' }, deps)).toBe(22);
    expect(String(stderr.read())).toBe(
      'twinstorm component: component "split", task ?, pid 99: cannot load topology module t.ts: SyntaxError: bad token [E_TOPOLOGY_LOAD, exit 22]\n',
    );
    expect(order).toEqual(['guard', 'uninstall']);
  });

  it('end to end: no user output reaches fd 1; it arrives as log commands (import-time output after the pid)', async () => {
    const topology = await loadQuietly(loudFixture);
    const task = assignTaskIds(topology.spec).get('loud')![0]!;
    const pidDir = mkdtempSync(path.join(tmpdir(), 'twinstorm-component-'));
    const child = spawn(process.execPath, [bin, 'component', loudFixture, 'loud'], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
    const frames: unknown[] = [];
    let decodeError: Error | undefined;
    const decoder = new FrameDecoder({ onFrame: (m) => frames.push(m), onError: (e) => (decodeError = e) });
    child.stdout.on('data', (chunk: Buffer) => decoder.push(chunk));
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += String(chunk)));
    const send = (m: unknown): boolean => child.stdin.write(`${JSON.stringify(m)}\nend\n`);
    send(buildStormHandshake(topology.spec, task, { pidDir }));
    send({ id: '5', comp: 'words', stream: 'default', task: 1, tuple: ['hi'] });
    const deadline = Date.now() + 20_000;
    while (!frames.some((f) => (f as { command?: string }).command === 'ack')) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`no ack; frames ${JSON.stringify(frames)}; stderr ${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    child.stdin.end();
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    decoder.end();
    expect(decodeError).toBeUndefined();
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(frames).toEqual([
      { pid: child.pid },
      { command: 'log', msg: 'printed while the topology module loads', level: 2 },
      { command: 'log', msg: 'raw stdout write at import', level: 2 },
      { command: 'log', msg: 'log { n: 1 }', level: 2 },
      { command: 'log', msg: 'info', level: 2 },
      { command: 'log', msg: 'debug', level: 1 },
      { command: 'log', msg: 'warn', level: 3 },
      { command: 'log', msg: 'error', level: 4 },
      { command: 'log', msg: 'no newline yet, then a newline', level: 2 },
      { command: 'emit', tuple: ['hi'], anchors: ['5'], need_task_ids: false },
      { command: 'ack', id: '5' },
    ]);
  });

  it('end to end: SIGTERM exits 143 within a second', async () => {
    const topology = await loadQuietly(loudFixture);
    const task = assignTaskIds(topology.spec).get('loud')![0]!;
    const pidDir = mkdtempSync(path.join(tmpdir(), 'twinstorm-component-'));
    const child = spawn(process.execPath, [bin, 'component', loudFixture, 'loud'], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += String(chunk)));
    child.stdin.write(`${JSON.stringify(buildStormHandshake(topology.spec, task, { pidDir }))}\nend\n`);
    const deadline = Date.now() + 20_000;
    while (!out.includes('"pid"')) {
      if (Date.now() > deadline) throw new Error('no pid');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const started = Date.now();
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(143);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
