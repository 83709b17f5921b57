import { describe, expect, it } from 'vitest';
import { errorLine, lastJsonLine } from './java-main.ts';

describe("reading the Java side's output", () => {
  it('takes the last JSON line on stdout', () => {
    expect(lastJsonLine('{"submitted":"wc","id":"wc-1-2"}\n')).toEqual({ submitted: 'wc', id: 'wc-1-2' });
    expect(lastJsonLine('[main] INFO something\n{"a":1}\n{"b":2}\n')).toEqual({ b: 2 });
    expect(lastJsonLine('[not json\n{"a":1}\n')).toEqual({ a: 1 });
    expect(lastJsonLine('{\n  "a": 1\n}\n')).toEqual({ a: 1 });
    expect(lastJsonLine('nothing here\n')).toBeUndefined();
  });

  it("takes the last stderr line that is not a logger's", () => {
    const stderr = [
      'SLF4J: Class path contains multiple SLF4J bindings.',
      '12:01:02.345 [main] INFO  o.a.s.StormSubmitter - Uploading topology jar',
      'topology "wc" is already running on Nimbus 127.0.0.1:6627 (kill it first, or submit with another --name)',
      '2025-01-01 12:01:03,000 main WARN shutdown hook',
      '',
    ].join('\n');
    expect(errorLine(stderr)).toBe(
      'topology "wc" is already running on Nimbus 127.0.0.1:6627 (kill it first, or submit with another --name)',
    );
    expect(errorLine('\n\n')).toBeUndefined();
  });
});
