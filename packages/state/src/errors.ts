import { describeSite, type ErrorSite } from '@twinstorm/core';

/** Stable codes of @twinstorm/state, so callers branch on the kind of failure, not its text. */
export type StateErrorCode =
  /** `topology.state.*` or `topology.bolts.*` conf that cannot be used (unknown provider, bad number, bad JSON). */
  | 'E_STATE_CONF'
  /** A value put into state that is not a JSON value (strict mode checks every put). */
  | 'E_STATE_VALUE'
  /** The provider could not load or commit (server down, bad credentials, malformed stored data). */
  | 'E_STATE_PROVIDER'
  /** The state was used outside its life cycle (before initState, after cleanup). */
  | 'E_STATE_LIFECYCLE'
  /** A window declaration that Storm would refuse (message timeout too short, missing late stream...). */
  | 'E_WINDOW_CONF'
  /** A tuple a windowed bolt cannot place (no timestamp field, not a number). */
  | 'E_WINDOW_TUPLE';

/** The one error class of @twinstorm/state: a stable code and the component/task/field involved. */
export class StateError extends Error {
  override readonly name = 'StateError';
  constructor(
    readonly code: StateErrorCode,
    message: string,
    readonly site: ErrorSite = {},
    options?: { cause?: unknown },
  ) {
    super(`${describeSite(site)}${message}`, options);
  }
}
