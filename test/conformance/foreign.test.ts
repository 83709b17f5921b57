// A foreign multilang bolt (Storm's official storm.py) between TypeScript components, on both runtimes.
import { expect } from 'vitest';
import { preparePythonResources } from './support/python-resources.ts';
import { describeRuntimes, feature, once } from './support/suite.ts';

const TOPOLOGY = new URL('./topologies/foreign.ts', import.meta.url).pathname;

/** Words and what Python makes of them: str.upper() and len() in code points. */
const WORDS: ReadonlyArray<[string, string, number]> = [
  ['hello', 'HELLO', 5],
  ['straße', 'STRASSE', 6],
  ['naïve', 'NAÏVE', 5],
  ['😀x', '😀X', 2],
  ['𝄞clef', '𝄞CLEF', 5],
  ['', '', 0],
];

describeRuntimes('foreign', (suite) => {
  const run = once(async () => {
    await preparePythonResources();
    return suite.run(TOPOLOGY, {
      inputs: { words: [...WORDS.map(([w]) => [w]), ['raise']] },
      capture: ['py', 'after'],
      expectErrorsFrom: ['py'],
    });
  });

  feature(suite, 'multilang.storm-py', async () => {
    const r = await run();
    const outcomes = r.settled.map((s) => [s.index, s.outcome]).sort((a, b) => (a[0] as number) - (b[0] as number));
    expect(outcomes).toEqual([...WORDS.map((_, i) => [i, 'ack']), [WORDS.length, 'fail']]);
    const py = r.captured.filter((c) => c.component === 'py').map((c) => c.values);
    const after = r.captured.filter((c) => c.component === 'after').map((c) => c.values);
    const byWord = (a: readonly unknown[], b: readonly unknown[]) => String(a[0]).localeCompare(String(b[0]));
    expect([...py].sort(byWord)).toEqual(WORDS.map(([, upper, n]) => [upper, n]).sort(byWord));
    expect([...after].sort(byWord)).toEqual(WORDS.map(([, upper, n]) => [upper, n, 'number']).sort(byWord));
    expect(r.errors['py']?.join('\n') ?? '', "storm.py's traceback is reported").toMatch(/python bolt refused "raise"/);
  });
});
