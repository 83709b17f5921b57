import type { Topology } from '@twinstorm/core';
import { TestkitError } from '../errors.ts';
import { instrumentTopology, type InstrumentPlan } from './instrument.ts';
import { decodePlan } from './plan-codec.ts';

/**
 * What a generated wrapper module calls: takes the user's export and the plan (encoded so every fixture value
 * survives as written) and returns the instrumented topology. Runs in the test process and in every Storm child.
 */
export function instrumentFromText(exports: Record<string, unknown>, exportName: string, planText: string): Topology {
  if (!(exportName in exports) || exports[exportName] === undefined) {
    throw new TestkitError('E_TOPOLOGY', `the topology module has no export "${exportName}"`);
  }
  return instrumentTopology(exports[exportName], decodePlan(planText) as InstrumentPlan);
}
