import { TwinstormError } from '@twinstorm/core';
import { parseStormJson as parseCore, stringifyStormJson as stringifyCore } from '@twinstorm/core/runtime';
import { MultilangError } from '../errors.ts';

// Storm's JSON dialect lives in @twinstorm/core (the local engine's strict mode round-trips tuples through it too);
// the codec keeps its own error class, so protocol code and callers still get MultilangError with the same codes.

/** Parses one message as Storm writes it; throws MultilangError E_MALFORMED_FRAME with the reason. */
export function parseStormJson(text: string): unknown {
  try {
    return parseCore(text);
  } catch (error) {
    throw asMultilangError(error);
  }
}

/** Writes one value as Storm reads it; throws MultilangError E_UNSERIALIZABLE for what Storm cannot carry. */
export function stringifyStormJson(value: unknown): string {
  try {
    return stringifyCore(value);
  } catch (error) {
    throw asMultilangError(error);
  }
}

function asMultilangError(error: unknown): unknown {
  if (!(error instanceof TwinstormError)) return error;
  if (error.code !== 'E_MALFORMED_FRAME' && error.code !== 'E_UNSERIALIZABLE') return error;
  return new MultilangError(error.code, error.message, {}, { cause: error.cause });
}
