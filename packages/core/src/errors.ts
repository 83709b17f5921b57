/** Where an error happened in a topology: every field is optional because build errors have no task. */
export interface ErrorSite {
  component?: string | undefined;
  task?: number | undefined;
  stream?: string | undefined;
  field?: string | undefined;
}

/** Stable codes so callers (CLI, tests, other runtimes) can branch on the kind of error, not its text. */
export type TwinstormErrorCode =
  | 'E_DUPLICATE_COMPONENT'
  | 'E_METRIC_KIND'
  | 'E_INVALID_COMPONENT_ID'
  | 'E_INVALID_PARALLELISM'
  | 'E_NOT_A_SPOUT'
  | 'E_NOT_A_BOLT'
  | 'E_UNKNOWN_SOURCE'
  | 'E_UNDECLARED_STREAM'
  | 'E_UNKNOWN_FIELD'
  | 'E_INVALID_GROUPING'
  | 'E_INVALID_OUTPUTS'
  | 'E_INVALID_CONF'
  | 'E_NO_SPOUTS'
  | 'E_WRONG_FIELD_COUNT'
  | 'E_INVALID_DIRECT_EMIT'
  | 'E_DOUBLE_ACK'
  | 'E_ANCHOR_ACKED'
  | 'E_INVALID_ANCHOR'
  | 'E_WRONG_FIELD_TYPE'
  | 'E_INVALID_VALUE'
  | 'E_NOT_SUPPORTED'
  | 'E_INVALID_SPEC'
  | 'E_UNKNOWN_COMPONENT'
  | 'E_MODULE_NOT_FOUND'
  /** The topology module threw while it was being imported (the message names the module). */
  | 'E_MODULE_LOAD'
  | 'E_NOT_A_TOPOLOGY'
  | 'E_LIFECYCLE'
  | 'E_NOT_ATTACHED'
  | 'E_INVALID_SHELL'
  /** Storm's JSON dialect: a text that is not JSON (nor Storm's bare NaN / Infinity). */
  | 'E_MALFORMED_FRAME'
  /** Storm's JSON dialect: a value Storm cannot carry (±Infinity, undefined in an array, a function, a cycle...). */
  | 'E_UNSERIALIZABLE'
  /** Strict mode of the local engine: an emitted value Storm would reject or silently change. */
  | 'E_STRICT_VALUE'
  /** A BatchingBolt's writeBatch rejected: the batch's tuples were failed for replay. */
  | 'E_BATCH_WRITE';

/** The one error class of @twinstorm/core: a stable `code` plus the component, task and stream involved. */
export class TwinstormError extends Error {
  override readonly name = 'TwinstormError';
  readonly code: TwinstormErrorCode;
  readonly site: ErrorSite;

  constructor(code: TwinstormErrorCode, message: string, site: ErrorSite = {}, options?: { cause?: unknown }) {
    super(`${describeSite(site)}${message}`, options);
    this.code = code;
    this.site = site;
  }
}

/** Renders a site as a message prefix, e.g. `component "split", task 3, stream "words": `. */
export function describeSite(site: ErrorSite): string {
  const parts: string[] = [];
  if (site.component !== undefined) parts.push(`component "${site.component}"`);
  if (site.task !== undefined) parts.push(`task ${site.task}`);
  if (site.stream !== undefined) parts.push(`stream "${site.stream}"`);
  if (site.field !== undefined) parts.push(`field "${site.field}"`);
  return parts.length === 0 ? '' : `${parts.join(', ')}: `;
}

/** The text of anything thrown, for one-line reports: an Error's message, a string as it is, anything else as JSON. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    return String(error); // a BigInt, or a value with a cycle
  }
}

/**
 * The text of `error` without a leading prefix naming `site`'s component (and task, if it names one): a runtime that
 * wraps a component's error with the site would otherwise name the component twice (connector errors carry it).
 */
export function errorMessageAt(error: unknown, site: ErrorSite): string {
  const text = errorMessage(error);
  if (site.component === undefined) return text;
  const component = `component ${JSON.stringify(site.component)}`;
  for (const prefix of site.task === undefined ? [component] : [`${component}, task ${site.task}`, component]) {
    if (text.startsWith(`${prefix}: `)) return text.slice(prefix.length + 2);
  }
  return text;
}
