import { DEFAULT_STREAM } from '@twinstorm/core';
import { TestkitError } from './errors.ts';

/** One fixture tuple: its values, or its values and the stream it is emitted on (default stream when omitted). */
export type FixtureTuple = readonly unknown[] | { readonly values: readonly unknown[]; readonly stream?: string };

/** Per spout id, the tuples a fixture spout emits in its place (each with its own msgId). */
export type FixtureInputs = Readonly<Record<string, readonly FixtureTuple[]>>;

/** A fixture tuple with its stream spelled out, as the wrapper module carries it. */
export interface PlannedTuple {
  readonly values: readonly unknown[];
  readonly stream: string;
}

/** Spells out every fixture tuple's stream, rejecting shapes the fixture spout could not emit. */
export function planInputs(inputs: FixtureInputs): Record<string, PlannedTuple[]> {
  const out: Record<string, PlannedTuple[]> = {};
  for (const [spout, tuples] of Object.entries(inputs)) {
    if (!Array.isArray(tuples)) throw new TestkitError('E_INVALID_OPTIONS', `inputs["${spout}"] must be an array of tuples`);
    out[spout] = tuples.map((t: FixtureTuple, i) => {
      const values = Array.isArray(t) ? t : (t as { values?: unknown }).values;
      const stream = Array.isArray(t) ? DEFAULT_STREAM : ((t as { stream?: string }).stream ?? DEFAULT_STREAM);
      if (!Array.isArray(values)) {
        throw new TestkitError('E_INVALID_OPTIONS', `inputs["${spout}"][${i}] must be a values array or { values, stream }`);
      }
      return { values, stream };
    });
  }
  return out;
}
