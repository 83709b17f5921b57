// User output never reaches the protocol: console.* and process.stdout.write in user code, at import time and
// while running, become Storm `log` commands (or stderr); the fake Storm fails on any stray byte.
import { describe, expect, it } from 'vitest';
import { startComponent } from './support/runner.ts';

function allText(storm: { logs: ReadonlyArray<{ msg: string }>; stderrText(): string }): string {
  return `${storm.logs.map((l) => l.msg).join('\n')}\n${storm.stderrText()}`;
}

describe('stdout is the protocol`s alone', () => {
  it('bolt: console.log/info/warn/error and process.stdout.write never corrupt the stream', async () => {
    const storm = await startComponent('noisy.ts', 'noisy-bolt', { heartbeatReplyWithinMs: 1000 });
    try {
      for (let n = 0; n < 20; n++) expect(await storm.process([n])).toBe('ack');
      const text = allText(storm);
      for (const expected of [
        'console.log at import',
        'console.error at import',
        'process.stdout.write at import',
        'console.log in prepare',
        'console.log in execute',
        'console.info in execute',
        'console.warn in execute',
        'console.error in execute',
        'process.stdout.write in execute 19',
      ]) {
        expect(text).toContain(`noisy: ${expected}`);
      }
      expect(storm.emits).toHaveLength(20);
      const exit = await storm.stop();
      expect(exit.trailing).toBe('');
    } finally {
      await storm.dispose();
    }
  });

  it('spout: a forged frame written by user code in nextTuple is not a frame', async () => {
    const storm = await startComponent('noisy.ts', 'noisy-spout');
    try {
      await storm.activate();
      const ids: unknown[] = [];
      for (let i = 0; i < 6; i++) ids.push(...(await storm.next()).emits.map((e) => e.id));
      expect(ids).toEqual([0, 1, 2]);
      expect(allText(storm)).toContain('{"command":"sync"}');
      expect(allText(storm)).toContain('noisy: console.log at import');
      await storm.stop();
    } finally {
      await storm.dispose();
    }
  });
});
