// End to end: bad input makes the real bin exit non-zero with exactly one clear line on stderr, no stack trace.
import { describe, expect, it } from 'vitest';
import { runTwinstorm } from 'twinstorm/testing';

const cases: Array<[string, string[], RegExp]> = [
  [
    'a missing file',
    ['graph', 'test/cli/fixtures/nope.ts'],
    /^twinstorm: topology module test\/cli\/fixtures\/nope\.ts not found \(looked for \/.*nope\.ts\)$/,
  ],
  [
    'a module without a default export',
    ['run', 'test/cli/fixtures/no-default.ts'],
    /^twinstorm: test\/cli\/fixtures\/no-default\.ts has no default export$/,
  ],
  [
    'a default export that is not a topology',
    ['graph', 'test/cli/fixtures/not-a-topology.ts'],
    /^twinstorm: default export of test\/cli\/fixtures\/not-a-topology\.ts is not a Topology \(did you call builder\.createTopology\(\)\?\)$/,
  ],
  [
    'a topology whose builder throws',
    ['run', 'test/cli/fixtures/builder-throws.ts', '--json'],
    /^twinstorm: component "count", stream "default", field "wrod": fields grouping on "wrod", but stream "default" of "words" declares \[word\]$/,
  ],
  ['an unknown option', ['run', 'test/cli/fixtures/numbers.ts', '--frobnicate'], /^twinstorm: unknown option '--frobnicate'$/],
  ['a missing argument', ['run'], /^twinstorm: missing required argument 'topology'$/],
  ['an unknown command', ['deploy'], /^twinstorm: unknown command 'deploy'$/],
  [
    'an invalid --duration',
    ['run', 'test/cli/fixtures/numbers.ts', '--duration', 'soon'],
    /^twinstorm: option '--duration <seconds>' argument 'soon' is invalid\./,
  ],
  [
    'an invalid --max-tuples',
    ['run', 'test/cli/fixtures/numbers.ts', '--max-tuples', '10.5'],
    /^twinstorm: option '--max-tuples <n>' argument '10\.5' is invalid\./,
  ],
  [
    'an unknown graph format',
    ['graph', 'test/cli/fixtures/numbers.ts', '--format', 'svg'],
    /^twinstorm: option '--format <format>' argument 'svg' is invalid\./,
  ],
  [
    'an invalid --conf value',
    ['run', 'test/cli/fixtures/numbers.ts', '--conf', 'topology.max.spout.pending=abc'],
    /^twinstorm: topology conf "topology.max.spout.pending" must be an integer >= 1, got "abc"$/,
  ],
  [
    'a spout whose open() throws',
    ['run', 'test/cli/fixtures/open-throws.ts'],
    /^twinstorm: the topology failed to start: .*cannot connect to the queue at 127\.0\.0\.1:1$/,
  ],
];

describe('bad input', () => {
  it.each(cases)('%s', async (_what, args, line) => {
    const r = await runTwinstorm(args);
    expect(r.exitCode).not.toBe(0);
    expect(r.exitCode).not.toBeUndefined();
    expect(r.stdout).toBe('');
    const lines = r.stderr.split('\n').filter((l) => l !== '');
    expect(lines, r.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(line);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
