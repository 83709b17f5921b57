import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { runCli } from './cli.ts';
import type { GraphOptions } from './commands/graph.ts';
import type { RunOptions } from './commands/run.ts';
import type { StatusOptions } from './commands/status.ts';
import type { StormAction, StormOptions } from './commands/storm.ts';
import { CliError } from './errors.ts';
import type { ComponentOptions } from './commands/component.ts';
import type { CommandHandlers } from './program.ts';
import { TwinstormError } from '@twinstorm/core';

type Call =
  | ['run', string, RunOptions]
  | ['status', string | undefined, StatusOptions]
  | ['graph', string, GraphOptions]
  | ['component', string, string, ComponentOptions]
  | ['storm', StormAction, StormOptions];

function harness(fail?: unknown): { calls: Call[]; out: string[]; err: string[]; run(argv: string[]): Promise<number> } {
  const calls: Call[] = [];
  const out: string[] = [];
  const err: string[] = [];
  const act = (call: Call): Promise<number> => {
    calls.push(call);
    if (fail === undefined) return Promise.resolve(0);
    return Promise.resolve().then(() => {
      // Any value: a topology module may throw a string.
      // eslint-disable-next-line @typescript-eslint/only-throw-error
      throw fail;
    });
  };
  const handlers: CommandHandlers = {
    run: (topology, options) => act(['run', topology, options]),
    status: (name, options) => act(['status', name, options]),
    graph: (topology, options) => act(['graph', topology, options]),
    component: (topology, componentId, options) => act(['component', topology, componentId, options]),
    storm: (action, options) => act(['storm', action, options]),
    services: () => Promise.resolve(0),
    // package / submit / list / kill are parsed in cluster-program.test.ts.
    package: () => Promise.resolve(0),
    submit: () => Promise.resolve(0),
    list: () => Promise.resolve(0),
    kill: () => Promise.resolve(0),
    ui: () => Promise.resolve(0),
    control: () => Promise.resolve(0),
  };
  return {
    calls,
    out,
    err,
    run: (argv) => runCli(argv, handlers, { writeOut: (t) => void out.push(t), writeErr: (t) => void err.push(t) }, '1.2.3'),
  };
}

describe('argument parsing', () => {
  it('parses run --ui with and without a port, and refuses a port that is not one', async () => {
    const h = harness();
    await h.run(['run', 'topo.ts', '--ui']);
    await h.run(['run', 'topo.ts', '--ui', '8099']);
    expect(h.calls.map((c) => (c[0] === 'run' ? c[2].uiPort : undefined))).toEqual([8080, 8099]);
    expect(await h.run(['run', 'topo.ts', '--ui', '70000'])).not.toBe(0);
    expect(h.err.join('')).toContain('expected a port number 0..65535, got "70000"');
  });

  it('parses run with every option', async () => {
    const h = harness();
    const code = await h.run([
      'run',
      'topo.ts',
      '--duration',
      '2.5',
      '--max-tuples',
      '1000',
      '--until-idle',
      '--json',
      '--conf',
      'topology.max.spout.pending=10',
      '--conf',
      'label=blue',
      '--name',
      'demo',
      '--export',
      'other',
      '--workers',
      '3',
    ]);
    expect(code).toBe(0);
    expect(h.calls).toEqual([
      [
        'run',
        'topo.ts',
        {
          export: 'other',
          workers: 3,
          durationMs: 2500,
          maxTuples: 1000,
          untilIdle: true,
          json: true,
          conf: { 'topology.max.spout.pending': 10, label: 'blue' },
          name: 'demo',
        },
      ],
    ]);
  });

  it('passes run --strict on (and leaves it out otherwise, so the conf key decides)', async () => {
    const h = harness();
    await h.run(['run', 'topo.ts', '--strict']);
    expect(h.calls).toEqual([
      ['run', 'topo.ts', { export: 'default', untilIdle: false, json: false, conf: {}, workers: availableParallelism(), strict: true }],
    ]);
  });

  it('gives run its defaults', async () => {
    const h = harness();
    await h.run(['run', 'topo.ts']);
    expect(h.calls).toEqual([
      ['run', 'topo.ts', { export: 'default', untilIdle: false, json: false, conf: {}, workers: availableParallelism() }],
    ]);
  });

  it('parses status with and without a name', async () => {
    const h = harness();
    await h.run(['status']);
    await h.run(['status', 'demo', '--json']);
    expect(h.calls).toEqual([
      ['status', undefined, { json: false }],
      ['status', 'demo', { json: true }],
    ]);
  });

  it('parses graph formats, mermaid by default', async () => {
    const h = harness();
    await h.run(['graph', 'topo.ts']);
    await h.run(['graph', 'topo.ts', '--format', 'dot']);
    expect(h.calls).toEqual([
      ['graph', 'topo.ts', { format: 'mermaid', export: 'default' }],
      ['graph', 'topo.ts', { format: 'dot', export: 'default' }],
    ]);
  });

  it('parses component with its export', async () => {
    const h = harness();
    expect(await h.run(['component', 'topo.ts', 'split', '--export', 'wordCount'])).toBe(0);
    expect(h.calls).toEqual([['component', 'topo.ts', 'split', { export: 'wordCount' }]]);
  });

  it('parses storm up/down/status/logs with their options', async () => {
    const h = harness();
    expect(await h.run(['storm', 'up'])).toBe(0);
    expect(await h.run(['storm', 'down', '--dir', '/tmp/c', '--json'])).toBe(0);
    expect(await h.run(['storm', 'status', '--json'])).toBe(0);
    expect(await h.run(['storm', 'logs'])).toBe(0);
    expect(await h.run(['storm', 'logs', 'worker', '-n', '5'])).toBe(0);
    expect(h.calls).toEqual([
      ['storm', 'up', { json: false }],
      ['storm', 'down', { json: true, dir: '/tmp/c' }],
      ['storm', 'status', { json: true }],
      ['storm', 'logs', { json: false, source: 'all', lines: 40 }],
      ['storm', 'logs', { json: false, source: 'worker', lines: 5 }],
    ]);
  });

  it('refuses an unknown storm log source', async () => {
    const h = harness();
    expect(await h.run(['storm', 'logs', 'drpc'])).not.toBe(0);
    expect(h.err.join('')).toMatch(/drpc/);
    expect(h.calls).toEqual([]);
  });

  it('returns the handler exit code', async () => {
    const calls: string[] = [];
    const handlers: CommandHandlers = {
      run: () => Promise.resolve(3),
      status: () => Promise.resolve(0),
      graph: () => Promise.resolve(0),
      component: () => Promise.resolve(0),
      storm: () => Promise.resolve(0),
      services: () => Promise.resolve(0),
      package: () => Promise.resolve(0),
      submit: () => Promise.resolve(0),
      list: () => Promise.resolve(0),
      kill: () => Promise.resolve(0),
      ui: () => Promise.resolve(0),
      control: () => Promise.resolve(0),
    };
    expect(await runCli(['run', 'x.ts'], handlers, { writeOut: (t) => void calls.push(t), writeErr: (t) => void calls.push(t) })).toBe(3);
  });

  it('prints the version and help on stdout with exit code 0', async () => {
    const h = harness();
    expect(await h.run(['--version'])).toBe(0);
    expect(h.out.join('')).toBe('1.2.3\n');
    expect(await h.run(['run', '--help'])).toBe(0);
    expect(h.out.join('')).toContain('--max-tuples <n>');
    expect(h.err).toEqual([]);
  });
});

describe('bad input: one line on stderr, non-zero exit', () => {
  it.each([
    [['run'], "twinstorm: missing required argument 'topology'"],
    [['graph'], "twinstorm: missing required argument 'topology'"],
    [['run', 'x.ts', '--bogus'], "twinstorm: unknown option '--bogus'"],
    [['run', 'x.ts', '--jsno'], "twinstorm: unknown option '--jsno' (Did you mean --json?)"],
    [['frobnicate'], "twinstorm: unknown command 'frobnicate'"],
    [
      ['run', 'x.ts', '--duration', 'soon'],
      /^twinstorm: option '--duration <seconds>' argument 'soon' is invalid\. expected a positive number/,
    ],
    [['run', 'x.ts', '--duration'], "twinstorm: option '--duration <seconds>' argument missing"],
    [['run', 'x.ts', '--max-tuples', '-5'], /^twinstorm: option '--max-tuples <n>' argument '-5' is invalid/],
    [['run', 'x.ts', '--workers', '0'], /^twinstorm: option '--workers <n>' argument '0' is invalid/],
    [['run', 'x.ts', '--conf', 'nokey'], /^twinstorm: option '--conf <key=value>' argument 'nokey' is invalid/],
    [
      ['graph', 'x.ts', '--format', 'svg'],
      /^twinstorm: option '--format <format>' argument 'svg' is invalid\. Allowed choices are mermaid, dot\.$/,
    ],
  ])('%j', async (argv, expected) => {
    const h = harness();
    const code = await h.run(argv);
    expect(code).not.toBe(0);
    expect(h.calls).toEqual([]);
    const text = h.err.join('');
    expect(text.endsWith('\n')).toBe(true);
    expect(text.trimEnd().split('\n')).toHaveLength(1);
    if (typeof expected === 'string') expect(text.trimEnd()).toBe(expected);
    else expect(text.trimEnd()).toMatch(expected);
  });

  it('turns handler errors into one line, without a stack', async () => {
    const build = new TwinstormError('E_UNKNOWN_FIELD', 'fields grouping on "wrod"', { component: 'count', stream: 'default' });
    for (const [error, line] of [
      [build, 'twinstorm: component "count", stream "default": fields grouping on "wrod"'],
      [new CliError('E_RUN_NOT_FOUND', 'no run named "x"'), 'twinstorm: no run named "x"'],
      [
        new Error('Transform failed with 1 error:\n/x.ts:3:1: ERROR: Unexpected "}"'),
        'twinstorm: Transform failed with 1 error: /x.ts:3:1: ERROR: Unexpected "}"',
      ],
      ['a string', 'twinstorm: a string'],
    ] as const) {
      const h = harness(error);
      expect(await h.run(['graph', 'x.ts'])).toBe(1);
      expect(h.err).toEqual([`${line}\n`]);
    }
  });
});
