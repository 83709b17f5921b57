import { describe, expect, it } from 'vitest';
import { ClusterError } from '../errors.ts';
import { checkExecutors } from './topology-control.ts';

const WORDCOUNT = { sentences: { tasks: 1 }, split: { tasks: 2 }, count: { tasks: 2 } };

describe('checkExecutors (rebalance --executors against the running topology)', () => {
  it('accepts counts up to the task count, and Storm’s own components unchecked', () => {
    expect(() => checkExecutors('wc', { split: 1, count: 2, __acker: 3 }, WORDCOUNT)).not.toThrow();
  });

  it('names an unknown component and lists the topology’s components', () => {
    expect(() => checkExecutors('wc', { splitt: 1 }, WORDCOUNT)).toThrow(
      new ClusterError(
        'E_INVALID_ARGUMENT',
        '--executors splitt=1: topology "wc" has no component "splitt" (its components: count, sentences, split)',
      ),
    );
  });

  it('refuses more executors than tasks, naming the component and its task count', () => {
    let error: unknown;
    try {
      checkExecutors('wc', { split: 3 }, WORDCOUNT);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ClusterError);
    expect(error).toMatchObject({ code: 'E_INVALID_ARGUMENT' });
    expect((error as Error).message).toBe(
      '--executors split=3: component "split" of "wc" has 2 task(s), and Storm keeps the task count fixed: at most 2 executor(s)',
    );
  });
});
