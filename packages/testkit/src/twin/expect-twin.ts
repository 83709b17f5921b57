import type { Topology } from '@twinstorm/core';
import { TestkitError } from '../errors.ts';
import { runTopology } from '../run/run-topology.ts';
import type { RunResult, RunTopologyOptions } from '../run/types.ts';
import { diffRuns, type CompareOptions } from './compare.ts';

/** Options of expectTwin: runTopology's (without the runtime) plus how to compare. */
export type TwinOptions = Omit<RunTopologyOptions, 'runtime' | 'timeoutMs'> &
  CompareOptions & {
    /** Deadline of each run (default: runTopology's per runtime). */
    timeoutMs?: { local?: number; storm?: number };
  };

/**
 * Runs the topology on the local engine (strict) and on Storm with the same inputs and throws E_TWIN_MISMATCH with a
 * readable diff unless both captured the same tuples (as multisets; per key in order where `key` says so), settled
 * the same fixture tuples the same way and reported errors from the same components. Resolves with both results.
 */
export async function expectTwin(topology: string | Topology, options: TwinOptions): Promise<{ local: RunResult; storm: RunResult }> {
  const { key, withTaskIndex, timeoutMs, ...run } = options;
  const local = await runTopology(topology, {
    ...run,
    runtime: 'local',
    ...(timeoutMs?.local === undefined ? {} : { timeoutMs: timeoutMs.local }),
  });
  const storm = await runTopology(topology, {
    ...run,
    runtime: 'storm',
    ...(timeoutMs?.storm === undefined ? {} : { timeoutMs: timeoutMs.storm }),
  });
  const diff = diffRuns(local, storm, { ...(key === undefined ? {} : { key }), ...(withTaskIndex === undefined ? {} : { withTaskIndex }) });
  if (diff.length > 0) {
    throw new TestkitError(
      'E_TWIN_MISMATCH',
      `expectTwin: the local engine and Storm disagree on topology "${local.spec.name}" (local: ${local.captured.length} captured, ${local.acked} acked, ${local.failed} failed; storm: ${storm.captured.length} captured, ${storm.acked} acked, ${storm.failed} failed)\n${diff.join('\n')}`,
    );
  }
  return { local, storm };
}
