import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { COLUMNS, type Column } from './columns.ts';
import { FEATURES } from './features.ts';
import type { CaseResult, CaseStatus } from './results.ts';

/**
 * The checked-in status every row must have on each runtime (test/conformance/expected.json). A case whose status
 * differs fails the run, so a feature that starts refusing on one runtime is a failure, not a quiet "not supported";
 * a change meant to happen is accepted by editing the file (or `pnpm capabilities --accept` after a run).
 */
export const EXPECTED_PATH = fileURLToPath(new URL('../expected.json', import.meta.url));

/** The expected status of one row on each runtime ("fail" is never expected: a failing row is fixed, not accepted). */
export type ExpectedStatus = Exclude<CaseStatus, 'fail'>;
/** Feature → column → expected status. */
export type Expectations = Record<string, Partial<Record<Column, ExpectedStatus>>>;

const ALL_COLUMNS = Object.keys(COLUMNS) as Column[];

/** The checked-in expectations. */
export function readExpected(): Expectations {
  return JSON.parse(readFileSync(EXPECTED_PATH, 'utf8')) as Expectations;
}

/** Why `status` of `feature` on `column` is not what the repo expects, or null when it is. */
export function expectationProblem(expected: Expectations, feature: string, column: Column, status: CaseStatus): string | null {
  const want = expected[feature]?.[column];
  if (want === undefined) return `${feature} on ${column} has no expected status in test/conformance/expected.json: add it`;
  if (want === status) return null;
  return `${feature} on ${column} is expected "${want}" (test/conformance/expected.json) but is "${status}" now`;
}

/** Every way the recorded results and the expectations disagree: a changed cell, a missing cell, a stale row. */
export function checkAgainstExpected(results: readonly CaseResult[], expected: Expectations): string[] {
  const problems: string[] = [];
  for (const feature of Object.keys(FEATURES)) {
    for (const column of ALL_COLUMNS) {
      const result = results.find((r) => r.feature === feature && r.runtime === column);
      if (result === undefined) problems.push(`${feature} on ${column} has no recorded result (run the conformance suite)`);
      else {
        const problem = expectationProblem(expected, feature, column, result.status);
        if (problem !== null) problems.push(result.reason === undefined ? problem : `${problem}: ${result.reason}`);
      }
    }
  }
  for (const feature of Object.keys(expected)) {
    if (!(feature in FEATURES)) problems.push(`test/conformance/expected.json lists ${feature}, which is not a feature of the suite`);
  }
  for (const r of results) if (!(r.feature in FEATURES)) problems.push(`a result is recorded for ${r.feature}, which is not a feature`);
  return problems;
}

/** Writes the recorded statuses as the new expectations (after a change meant to alter a cell; review the diff). */
export function acceptResults(results: readonly CaseResult[]): void {
  const out: Expectations = {};
  for (const feature of Object.keys(FEATURES)) {
    const row: Partial<Record<Column, ExpectedStatus>> = {};
    for (const column of ALL_COLUMNS) {
      const status = results.find((r) => r.feature === feature && r.runtime === column)?.status;
      if (status === undefined || status === 'fail') continue;
      row[column] = status;
    }
    out[feature] = row;
  }
  writeFileSync(EXPECTED_PATH, `${JSON.stringify(out, null, 2)}\n`);
}
