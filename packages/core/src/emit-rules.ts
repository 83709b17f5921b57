import { TwinstormError, type ErrorSite } from './errors.ts';
import type { Tuple } from './tuple.ts';

// The run-time rules every runtime enforces on what user code emits and acks, worded once, so the local engine and
// the multilang runner refuse the same things with the same codes and messages. Callers keep the cheap checks inline
// and call these only to build the error.

/** An emit to a stream the component did not declare (Storm kills the worker for it). */
export function undeclaredStreamError(declared: Iterable<string>, site: ErrorSite): TwinstormError {
  const known = [...declared];
  return new TwinstormError(
    'E_UNDECLARED_STREAM',
    `emitted to a stream it did not declare (declared: ${known.length === 0 ? 'none' : known.join(', ')})`,
    site,
  );
}

/**
 * Checks an emit's values against the stream's declaration: an array, one value per field, direct or not as declared.
 * Throws the runtime-independent error naming the site.
 */
export function checkEmitShape(
  values: readonly unknown[],
  fields: readonly string[],
  declaredDirect: boolean,
  direct: boolean,
  site: ErrorSite,
): void {
  if (!Array.isArray(values)) {
    throw new TwinstormError('E_INVALID_VALUE', `emit needs an array of values, got ${values === null ? 'null' : typeof values}`, site);
  }
  if (values.length !== fields.length) {
    throw new TwinstormError(
      'E_WRONG_FIELD_COUNT',
      `emitted ${values.length} value(s) but the stream declares ${fields.length} field(s) [${fields.join(', ')}]`,
      site,
    );
  }
  if (declaredDirect !== direct) {
    throw new TwinstormError(
      'E_INVALID_DIRECT_EMIT',
      direct ? 'emitDirect on a stream not declared direct' : 'plain emit on a direct stream (use emitDirect)',
      site,
    );
  }
}

/** A bolt emitted with a msgId: only spouts start tuple trees. */
export function boltMsgIdError(site: ErrorSite): TwinstormError {
  return new TwinstormError('E_NOT_SUPPORTED', 'bolts cannot emit with a msgId (only spouts start tuple trees); use anchors', site);
}

/** Anchoring to a tuple already acked or failed (Storm's fatal "anchored to an acked id"). */
export function anchorSettledError(anchor: Tuple, acked: boolean, site: ErrorSite): TwinstormError {
  return new TwinstormError(
    'E_ANCHOR_ACKED',
    `anchored to a tuple that was already ${acked ? 'acked' : 'failed'} (from ${anchor.sourceComponent}:${anchor.sourceTask}, stream "${anchor.sourceStream}")`,
    site,
  );
}

/** Acking or failing a tuple twice (`what` is "ack" or "fail"). */
export function alreadySettledError(what: string, tuple: Tuple, acked: boolean, site: ErrorSite): TwinstormError {
  return new TwinstormError(
    'E_DOUBLE_ACK',
    `${what} of a tuple that was already ${acked ? 'acked' : 'failed'} (from ${tuple.sourceComponent}:${tuple.sourceTask}, id ${tuple.id})`,
    { ...site, stream: tuple.sourceStream },
  );
}
