import { describe, expect, it } from 'vitest';
import { diffRuns, type CapturedTuple, type RunResult } from '../src/index.ts';

function result(
  runtime: 'local' | 'storm',
  captured: Array<[string, unknown[], number?]>,
  settled: Array<[number, 'ack' | 'fail']> = [],
): RunResult {
  return {
    runtime,
    topologyName: 't',
    captured: captured.map(([component, values, taskIndex]): CapturedTuple => ({
      component,
      stream: 'default',
      fields: ['k', 'v'],
      values,
      sourceTask: 1,
      taskIndex: taskIndex ?? 0,
    })),
    observations: [],
    rejected: [],
    settled: settled.map(([index, outcome]) => ({ spout: 's', index, outcome, task: 1, emittedAt: 0, at: 0 })),
    emitted: settled.length,
    expected: settled.length,
    maxOutstanding: {},
    acked: 0,
    failed: 0,
    errors: {},
    spec: { specVersion: 1, name: 't', conf: {}, components: [], source: null },
    durationMs: 0,
    stormWorkers: null,
  };
}

describe('diffRuns', () => {
  it('agrees on the same multiset in another order, and on bigints', () => {
    const a = result(
      'local',
      [
        ['c', ['a', 1]],
        ['c', ['b', 2n ** 60n]],
      ],
      [[0, 'ack']],
    );
    const b = result(
      'storm',
      [
        ['c', ['b', 2n ** 60n]],
        ['c', ['a', 1]],
      ],
      [[0, 'ack']],
    );
    expect(diffRuns(a, b)).toEqual([]);
  });

  it('names tuples captured on one side only, with counts', () => {
    const a = result('local', [
      ['c', ['a', 1]],
      ['c', ['a', 1]],
      ['c', ['b', 1]],
    ]);
    const b = result('storm', [['c', ['a', 1]]]);
    expect(diffRuns(a, b)).toEqual(['  captured only on local (2):', '    c:default ["a",1]', '    c:default ["b",1]']);
  });

  it('checks order per key, task indexes and fixture outcomes when asked', () => {
    const a = result(
      'local',
      [
        ['c', ['a', 1], 0],
        ['c', ['a', 2], 0],
        ['c', ['b', 1], 1],
      ],
      [
        [0, 'ack'],
        [1, 'fail'],
      ],
    );
    const b = result(
      'storm',
      [
        ['c', ['b', 1], 0],
        ['c', ['a', 2], 0],
        ['c', ['a', 1], 0],
      ],
      [
        [0, 'ack'],
        [1, 'ack'],
      ],
    );
    expect(diffRuns(a, b)).toEqual(['  fixture tuples with different outcomes (1):', '    s#1: local fail, storm ack']);
    const diff = diffRuns(a, b, { key: { c: ['k'] }, withTaskIndex: ['c'] }).join('\n');
    expect(diff).toContain(
      'c key ["a"]: local [default ["a",1] @task 0, default ["a",2] @task 0] vs storm [default ["a",2] @task 0, default ["a",1] @task 0]',
    );
    expect(diff).toContain('captured only on local (1):\n    c:default ["b",1] @task 1');
  });
});
