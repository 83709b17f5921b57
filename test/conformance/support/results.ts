import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FEATURES, type FeatureId } from './features.ts';
import type { Column } from './columns.ts';

/** Where each case writes its result: `<runtime>/<feature>.json`, read by the CAPABILITIES.md generator. */
export const RESULTS_DIR = fileURLToPath(new URL('../results/', import.meta.url));

/** pass, fail, or not supported on that runtime (with the reason). */
export type CaseStatus = 'pass' | 'fail' | 'unsupported';

/** One feature's result on one runtime: everything CAPABILITIES.md says comes from these. */
export interface CaseResult {
  feature: string;
  section: string;
  title: string;
  /** Position in the feature list (sections and rows keep this order). */
  order: number;
  /** The column: local, storm, or storm-2w (Storm with two workers). */
  runtime: Column;
  /** What ran it, e.g. "Apache Storm 2.8.3" or "twinstorm local engine (strict mode)". */
  environment: string;
  status: CaseStatus;
  /** Why it failed (the first line of the assertion) or why it is not supported. */
  reason?: string;
}

/** Records a result, replacing the previous one of the same feature and runtime. */
export function writeResult(feature: FeatureId, runtime: Column, environment: string, status: CaseStatus, reason?: string): void {
  const order = Object.keys(FEATURES).indexOf(feature);
  const { section, title } = FEATURES[feature];
  const result: CaseResult = { feature, section, title, order, runtime, environment, status, ...(reason === undefined ? {} : { reason }) };
  const dir = join(RESULTS_DIR, runtime);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${feature}.json`), `${JSON.stringify(result, null, 2)}\n`);
}

/** Every recorded result. */
export function readResults(): CaseResult[] {
  const out: CaseResult[] = [];
  for (const runtime of safeReaddir(RESULTS_DIR)) {
    for (const file of safeReaddir(join(RESULTS_DIR, runtime))) {
      if (file.endsWith('.json')) out.push(JSON.parse(readFileSync(join(RESULTS_DIR, runtime, file), 'utf8')) as CaseResult);
    }
  }
  return out;
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}
