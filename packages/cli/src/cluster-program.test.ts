import { describe, expect, it } from 'vitest';
import { runCli } from './cli.ts';
import type { CommandHandlers } from './program.ts';

type Call = [string, ...unknown[]];

function harness(): { calls: Call[]; err: string[]; run(argv: string[]): Promise<number> } {
  const calls: Call[] = [];
  const err: string[] = [];
  const record = (...call: Call): Promise<number> => {
    calls.push(call);
    return Promise.resolve(0);
  };
  const handlers: CommandHandlers = {
    run: (...a) => record('run', ...a),
    status: (...a) => record('status', ...a),
    graph: (...a) => record('graph', ...a),
    component: (...a) => record('component', ...a),
    storm: (...a) => record('storm', ...a),
    services: (...a) => record('services', ...a),
    package: (...a) => record('package', ...a),
    submit: (...a) => record('submit', ...a),
    list: (...a) => record('list', ...a),
    kill: (...a) => record('kill', ...a),
    ui: (...a) => record('ui', ...a),
    control: (...a) => record('control', ...a),
  };
  return { calls, err, run: (argv) => runCli(argv, handlers, { writeOut: () => undefined, writeErr: (t) => void err.push(t) }) };
}

describe('package / submit / list / kill / status --storm: argument parsing', () => {
  it('package with and without options', async () => {
    const h = harness();
    await h.run(['package', 'topo.ts']);
    await h.run(['package', 'topo.ts', '-o', 'app.jar', '--export', 'other', '--resources', 'a', '--resources', 'b', '--json']);
    expect(h.calls).toEqual([
      ['package', 'topo.ts', { export: 'default', json: false }],
      ['package', 'topo.ts', { export: 'other', json: true, out: 'app.jar', resources: ['a', 'b'] }],
    ]);
  });

  it('submit: --conf values are JSON when they parse, else strings', async () => {
    const h = harness();
    await h.run([
      'submit',
      'app.jar',
      '--name',
      'wc',
      '--nimbus',
      'h:1',
      '--conf',
      'topology.workers=2',
      '--conf',
      'x=hello',
      '--conf',
      'l=[1,"a"]',
    ]);
    expect(h.calls).toEqual([
      [
        'submit',
        'app.jar',
        { export: 'default', json: false, name: 'wc', nimbus: 'h:1', conf: { 'topology.workers': 2, x: 'hello', l: [1, 'a'] } },
      ],
    ]);
  });

  it('submit refuses a --conf without key=value', async () => {
    const h = harness();
    expect(await h.run(['submit', 'topo.ts', '--conf', 'nokey'])).not.toBe(0);
    expect(h.err.join('')).toMatch(/expected key=value/);
    expect(h.calls).toEqual([]);
  });

  it('list and kill', async () => {
    const h = harness();
    await h.run(['list', '--json']);
    await h.run(['kill', 'wordcount', '--wait', '0', '--nimbus', '10.0.0.1:6627']);
    await h.run(['kill', 'wordcount']);
    expect(h.calls).toEqual([
      ['list', { json: true }],
      ['kill', 'wordcount', { json: false, waitSecs: 0, nimbus: '10.0.0.1:6627' }],
      ['kill', 'wordcount', { json: false }],
    ]);
    expect(await h.run(['kill', 'wordcount', '--wait', '-1'])).not.toBe(0);
    expect(await h.run(['kill', 'wordcount', '--wait', '1.5'])).not.toBe(0);
  });

  it('activate, deactivate and rebalance', async () => {
    const h = harness();
    await h.run(['activate', 'wordcount', '--nimbus', 'h:2']);
    await h.run(['deactivate', 'wordcount', '--json']);
    await h.run(['rebalance', 'wordcount', '--wait', '0', '--workers', '2', '--executors', 'split=1', '--executors', 'count=2']);
    await h.run(['rebalance', 'wordcount']);
    await h.run(['rebalance', 'wordcount', '-w', '3', '-n', '1', '-e', 'count=1']);
    expect(h.calls).toEqual([
      ['control', 'activate', 'wordcount', { json: false, nimbus: 'h:2' }],
      ['control', 'deactivate', 'wordcount', { json: true }],
      ['control', 'rebalance', 'wordcount', { json: false, waitSecs: 0, workers: 2, executors: { split: 1, count: 2 } }],
      ['control', 'rebalance', 'wordcount', { json: false }],
      ['control', 'rebalance', 'wordcount', { json: false, waitSecs: 3, workers: 1, executors: { count: 1 } }],
    ]);
    expect(await h.run(['rebalance', 'wordcount', '--workers', '0'])).not.toBe(0);
    expect(await h.run(['rebalance', 'wordcount', '--executors', 'split'])).not.toBe(0);
    expect(await h.run(['rebalance', 'wordcount', '--executors', 'split=-1'])).not.toBe(0);
    expect(await h.run(['activate'])).not.toBe(0);
    expect(h.calls).toHaveLength(5);
  });

  it('status --storm / --nimbus', async () => {
    const h = harness();
    await h.run(['status', 'wordcount', '--storm', '--nimbus', 'h:2', '--json']);
    await h.run(['status', 'wordcount']);
    expect(h.calls).toEqual([
      ['status', 'wordcount', { json: true, storm: true, nimbus: 'h:2' }],
      ['status', 'wordcount', { json: false }],
    ]);
  });

  it('services up/down/status/reset with names, --dir and --json', async () => {
    const h = harness();
    await h.run(['services', 'up']);
    await h.run(['services', 'up', 'kafka', 'postgres', '--dir', '/tmp/s']);
    await h.run(['services', 'status', '--json']);
    await h.run(['services', 'down', 'redis']);
    await h.run(['services', 'reset', 'postgres', 'redis']);
    expect(h.calls).toEqual([
      ['services', 'up', [], { json: false }],
      ['services', 'up', ['kafka', 'postgres'], { json: false, dir: '/tmp/s' }],
      ['services', 'status', [], { json: true }],
      ['services', 'down', ['redis'], { json: false }],
      ['services', 'reset', ['postgres', 'redis'], { json: false }],
    ]);
  });
});
