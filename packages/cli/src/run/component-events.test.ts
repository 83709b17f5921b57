import { describe, expect, it } from 'vitest';
import { TwinstormError } from '@twinstorm/core';
import { componentEventReporter, componentErrorLine } from './component-events.ts';

const event = (message: string, error: unknown = new Error(message)) => ({ component: 'split', task: 2, message, time: 0, error });

describe('component event reporter', () => {
  it('names component and task once, even when the message already does', () => {
    expect(componentErrorLine(event('boom'))).toBe('component "split", task 2: boom');
    expect(componentErrorLine({ ...event('bad'), stream: 'words' })).toBe('component "split", task 2, stream "words": bad');
    const named = new TwinstormError('E_DOUBLE_ACK', 'acked twice', { component: 'split', task: 2 });
    expect(componentErrorLine(event(named.message, named))).toBe('component "split", task 2: acked twice');
  });

  it('holds errors back until release(), drops them on discard()', () => {
    const lines: string[] = [];
    const held = componentEventReporter((l) => lines.push(l), { routeLogs: false, debug: false });
    held.onError(event('one'));
    expect(lines).toEqual([]);
    held.release();
    held.onError(event('two\nsecond line'));
    expect(lines).toEqual([
      'twinstorm: error: component "split", task 2: one (TWINSTORM_DEBUG=1 prints stacks)',
      'twinstorm: error: component "split", task 2: two',
    ]);
    expect(held.onLog).toBeUndefined();

    const dropped: string[] = [];
    const failed = componentEventReporter((l) => dropped.push(l), { routeLogs: true, debug: false });
    failed.onError(event('start failure'));
    failed.discard();
    expect(dropped).toEqual([]);
    failed.onLog?.({ component: 'split', task: 2, level: 'info', message: 'hello' });
    expect(dropped).toEqual(['info component "split", task 2: hello']);
  });

  it('prints stacks in debug mode', () => {
    const lines: string[] = [];
    const r = componentEventReporter((l) => lines.push(l), { routeLogs: false, debug: true });
    r.release();
    r.onError(event('boom'));
    expect(lines[0]).toBe('twinstorm: error: component "split", task 2: boom');
    expect(lines[1]).toMatch(/^ {4}Error: boom\n {4}.*at /);
  });
});
