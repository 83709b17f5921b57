// The expected-status gate: a run whose cells all match test/conformance/expected.json passes, and any changed,
// missing or unknown cell is named. Results here are made up from the feature list, so the test needs no runtime.
import { describe, expect, it } from 'vitest';
import { COLUMNS, type Column } from './columns.ts';
import { checkAgainstExpected, readExpected, type Expectations } from './expected.ts';
import { FEATURES } from './features.ts';
import type { CaseResult, CaseStatus } from './results.ts';

const columns = Object.keys(COLUMNS) as Column[];

/** One result per feature and column, with the status the checked-in expectations give it. */
function resultsMatching(expected: Expectations): CaseResult[] {
  return Object.entries(FEATURES).flatMap(([feature, { section, title }], order) =>
    columns.map((runtime) => ({ feature, section, title, order, runtime, environment: 'test', status: expected[feature]![runtime]! })),
  );
}

function withStatus(results: CaseResult[], feature: string, column: Column, status: CaseStatus, reason: string): CaseResult[] {
  return results.map((r) => (r.feature === feature && r.runtime === column ? { ...r, status, reason } : r));
}

describe('conformance expected-status gate', () => {
  const expected = readExpected();

  it('keeps a status for every feature on every column', () => {
    for (const feature of Object.keys(FEATURES)) {
      for (const column of columns) expect(['pass', 'unsupported'], `${feature} on ${column}`).toContain(expected[feature]?.[column]);
    }
  });

  it('passes a run that matches expected.json', () => {
    expect(checkAgainstExpected(resultsMatching(expected), expected)).toEqual([]);
  });

  it('fails a run where a passing cell becomes "not supported" on one column', () => {
    const changed = withStatus(resultsMatching(expected), 'grouping.fields', 'storm-2w', 'unsupported', 'refused by the runtime');
    expect(checkAgainstExpected(changed, expected)).toEqual([
      'grouping.fields on storm-2w is expected "pass" (test/conformance/expected.json) but is "unsupported" now: refused by the runtime',
    ]);
  });

  it('fails a run with a failed cell, and one where a "not supported" cell starts passing (in feature order)', () => {
    const unsupported = Object.keys(FEATURES).find((f) => expected[f]?.local === 'unsupported')!;
    let changed = withStatus(resultsMatching(expected), unsupported, 'local', 'pass', 'now passes');
    changed = withStatus(changed, 'acking.tree', 'storm', 'fail', 'expected 3 acks, got 2');
    expect(checkAgainstExpected(changed, expected)).toEqual([
      'acking.tree on storm is expected "pass" (test/conformance/expected.json) but is "fail" now: expected 3 acks, got 2',
      `${unsupported} on local is expected "unsupported" (test/conformance/expected.json) but is "pass" now: now passes`,
    ]);
  });

  it('fails a run with a cell that was never recorded, and expectations for a feature that does not exist', () => {
    const missing = resultsMatching(expected).filter((r) => !(r.feature === 'bolt.tick' && r.runtime === 'storm'));
    expect(checkAgainstExpected(missing, { ...expected, 'bolt.gone': { local: 'pass' } })).toEqual([
      'bolt.tick on storm has no recorded result (run the conformance suite)',
      'test/conformance/expected.json lists bolt.gone, which is not a feature of the suite',
    ]);
  });
});
