import { afterEach, describe, expect, it } from 'vitest';
import { activeStdoutGuard, installStdoutGuard } from './stdout-guard.ts';

afterEach(() => activeStdoutGuard()?.uninstall());

describe('installStdoutGuard', () => {
  it('buffers user output until connected, then routes it as log lines with levels', () => {
    const originalLog = console.log;
    const originalWrite = process.stdout.write;
    const guard = installStdoutGuard();
    expect(installStdoutGuard()).toBe(guard);
    console.log('before %s', 'connect', { a: 1 });
    process.stdout.write('half a ');
    const seen: Array<[string, string]> = [];
    guard.connect((text, level) => seen.push([text, level]));
    process.stdout.write(Buffer.from('line\nand more\n'));
    console.warn('careful');
    console.error(new Error('bad').message);
    console.debug('details');
    console.trace('where');
    expect(seen.slice(0, 6)).toEqual([
      ['before connect { a: 1 }', 'info'],
      ['half a line', 'info'],
      ['and more', 'info'],
      ['careful', 'warn'],
      ['bad', 'error'],
      ['details', 'debug'],
    ]);
    expect(seen[6]?.[1]).toBe('trace');
    expect(seen[6]?.[0]).toMatch(/^Trace: where\n\s+at /);
    guard.uninstall();
    expect(console.log).toBe(originalLog);
    expect(process.stdout.write).toBe(originalWrite);
    expect(activeStdoutGuard()).toBeUndefined();
  });

  it("calls user code's write callbacks and reports the write as accepted", async () => {
    const guard = installStdoutGuard();
    const lines: string[] = [];
    guard.connect((text) => lines.push(text));
    let accepted: boolean | undefined;
    await new Promise<void>((resolve) => {
      accepted = process.stdout.write('x\n', () => resolve());
    });
    expect(accepted).toBe(true);
    expect(lines).toEqual(['x']);
  });
});
