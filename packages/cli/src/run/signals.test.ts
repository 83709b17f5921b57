import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { handleStopSignals } from './signals.ts';

describe('handleStopSignals', () => {
  it('asks for a graceful stop on the first signal and for an immediate exit on the second', () => {
    const source = new EventEmitter();
    const seen: string[] = [];
    const dispose = handleStopSignals(
      source,
      (s) => seen.push(`first ${s}`),
      (s) => seen.push(`second ${s}`),
    );
    source.emit('SIGTERM');
    source.emit('SIGINT');
    source.emit('SIGINT');
    expect(seen).toEqual(['first SIGTERM', 'second SIGINT', 'second SIGINT']);
    dispose();
    expect(source.listenerCount('SIGINT') + source.listenerCount('SIGTERM')).toBe(0);
  });
});
