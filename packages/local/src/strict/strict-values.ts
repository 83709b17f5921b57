import { TwinstormError, type StreamSchema } from '@twinstorm/core';
import { deepFreeze } from './deep-freeze.ts';
import { findStormChange } from './storm-changes.ts';
import { stormRoundTrip } from './storm-round-trip.ts';
import { errorMessage } from '@twinstorm/core/runtime';

/**
 * Strict mode at one emit: refuses (E_STRICT_VALUE, naming component, task, stream, field and the value's path)
 * what Storm would reject or change, freezes the emitted values, and returns what the receivers get on Storm.
 * Stream and field count were checked before (emit rules).
 */
export function strictValues(values: readonly unknown[], schema: StreamSchema, component: string, task: number): readonly unknown[] {
  for (let i = 0; i < values.length; i++) {
    const change = findStormChange(values[i], `values[${i}]`);
    if (change !== null) {
      throw new TwinstormError('E_STRICT_VALUE', `strict mode: ${change.path} ${change.problem}`, {
        component,
        task,
        stream: schema.stream,
        field: schema.fields[i],
      });
    }
  }
  let back: readonly unknown[];
  try {
    back = stormRoundTrip(values);
  } catch (error) {
    // Not expected once findStormChange passed (e.g. a getter that changes its answer): still refused loudly.
    throw new TwinstormError('E_STRICT_VALUE', `strict mode: the values cannot be written as Storm's JSON: ${errorMessage(error)}`, {
      component,
      task,
      stream: schema.stream,
    });
  }
  deepFreeze(values);
  return back;
}
