import { runTopology, useStormCluster, type RunResult, type RunTopologyOptions, type Runtime } from '@twinstorm/testkit';
import { describe, it } from 'vitest';
import { FEATURES, type FeatureId } from './features.ts';
import { expectationProblem, readExpected, type Expectations } from './expected.ts';
import { COLUMNS, type Column } from './columns.ts';
import { writeResult, type CaseStatus } from './results.ts';
import { errorMessage } from '@twinstorm/core/runtime';

/**
 * The columns the suite runs: all by default; TWINSTORM_CONFORMANCE=local (or storm, storm-2w, or a list) narrows it,
 * e.g. for a quick local pass without starting Storm.
 */
export const RUNTIMES: readonly Column[] = (process.env['TWINSTORM_CONFORMANCE'] ?? 'local,storm,storm-2w')
  .split(',')
  .map((r) => r.trim())
  .filter((r): r is Column => Object.hasOwn(COLUMNS, r));

/** Per-test timeouts: a Storm case may start, run and kill a topology (20–40 s to start on a 2-core machine). */
const TEST_TIMEOUT_MS: Record<Runtime, number> = { local: 90_000, storm: 420_000 };

/** One runtime's half of a conformance file: runs a topology module there, once per file. */
export interface RuntimeSuite {
  readonly runtime: Runtime;
  /** Which column of CAPABILITIES.md its results go to. */
  readonly column: Column;
  /** What ran the cases, as CAPABILITIES.md names it. */
  readonly environment: () => Promise<string>;
  /** runTopology on this runtime (on Storm, against the test cluster). */
  run(topologyModule: string, options: Omit<RunTopologyOptions, 'runtime' | 'nimbus'>): Promise<RunResult>;
}

/** Memoizes an async computation: the first feature that needs a run starts it, the others share it. */
export function once<T>(make: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => (p ??= make());
}

function runtimeSuite(column: Column): RuntimeSuite {
  const { runtime, conf: columnConf } = COLUMNS[column];
  if (runtime === 'local') {
    return {
      runtime,
      column,
      environment: async () => 'twinstorm local engine, strict mode',
      run: (module, options) => runTopology(module, { ...options, runtime }),
    };
  }
  const workers = columnConf['topology.workers'];
  return {
    runtime,
    column,
    environment: async () =>
      `Apache Storm ${(await useStormCluster()).version}, loopback cluster${workers === undefined ? '' : `, ${workers} workers`}`,
    run: async (module, options) => {
      const result = await runTopology(module, {
        ...options,
        conf: { ...options.conf, ...columnConf },
        runtime,
        nimbus: (await useStormCluster()).nimbus,
      });
      // A cluster short of free slots runs the topology on fewer workers: then the column would not say what it claims.
      if (workers !== undefined && result.stormWorkers !== workers) {
        throw new Error(
          `${column}: topology "${result.topologyName}" asked for topology.workers ${workers} but Nimbus reported ${result.stormWorkers ?? 'no status'} (are the cluster's slots taken by other topologies?)`,
        );
      }
      return result;
    },
  };
}

/** Declares `body` once per runtime in RUNTIMES, each in its own describe block. */
export function describeRuntimes(title: string, body: (suite: RuntimeSuite) => void): void {
  for (const column of RUNTIMES) describe(`${title} on ${column}`, () => body(runtimeSuite(column)));
}

/** Options of a feature case. */
export interface FeatureOptions {
  /** Runtimes the feature is not supported on, with the reason (recorded, and the case is skipped there). */
  unsupported?: Partial<Record<Runtime, string>>;
}

/** What a case body may conclude besides passing: the runtime does not support the feature, and why (from the run). */
export interface Unsupported {
  unsupported: string;
}

/**
 * One feature on one runtime: runs `body` and records pass, fail (with the first line of the failure) or, when the
 * body returns `{ unsupported }` (what the runtime did, e.g. refused the values), not supported with that reason.
 */
export function feature(suite: RuntimeSuite, id: FeatureId, body: () => Promise<void | Unsupported>, options: FeatureOptions = {}): void {
  it(
    `${id}: ${FEATURES[id].title}`,
    async (context) => {
      const environment = await suite.environment();
      const unsupported = options.unsupported?.[suite.runtime];
      if (unsupported !== undefined) {
        writeResult(id, suite.column, environment, 'unsupported', unsupported);
        expectStatus(id, suite.column, 'unsupported', unsupported);
        context.skip();
        return;
      }
      let outcome: void | Unsupported;
      try {
        outcome = await body();
      } catch (error) {
        writeResult(id, suite.column, environment, 'fail', reasonOf(error));
        throw error;
      }
      if (outcome !== undefined) {
        const reason = oneLine(outcome.unsupported);
        writeResult(id, suite.column, environment, 'unsupported', reason);
        expectStatus(id, suite.column, 'unsupported', reason);
      } else {
        writeResult(id, suite.column, environment, 'pass');
        expectStatus(id, suite.column, 'pass');
      }
    },
    TEST_TIMEOUT_MS[suite.runtime],
  );
}

/** Fails the case when its status is not the one test/conformance/expected.json keeps for it (the result is recorded). */
function expectStatus(id: FeatureId, column: Column, status: CaseStatus, reason?: string): void {
  const problem = expectationProblem((expected ??= readExpected()), id, column, status);
  if (problem !== null) throw new Error(reason === undefined ? problem : `${problem}: ${reason}`);
}

let expected: Expectations | undefined;

/** The first line of a failure, trimmed to something a table cell can hold. */
function reasonOf(error: unknown): string {
  return oneLine(errorMessage(error));
}

function oneLine(text: string): string {
  const line = text.split('\n').find((l) => l.trim().length > 0) ?? 'failed';
  return line.length > 400 ? `${line.slice(0, 400)}…` : line;
}
