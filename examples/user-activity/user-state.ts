import type { JsonValue, KeyValueState } from '@twinstorm/state';

/** Where a per-user stage keeps its users: a Map in the offline loop and tests, keyed state in the bolts. */
export interface UserStore<T> {
  get(user: string): T | undefined;
  set(user: string, value: T): void;
}

/** How one stage's per-user value becomes a JSON value for keyed state and back. */
export interface UserCodec<T> {
  toJson(value: T): JsonValue;
  /** Builds a fresh value (never sharing arrays with `json`, which is the state's committed copy). */
  fromJson(json: JsonValue): T;
}

/** What keyed state holds per user: the stage's value and the last event id applied to it. */
export type StoredUser = { value: JsonValue; last: number };

/**
 * A stage's users in keyed state. Each set writes the user's value (as JSON, with the id of the event that changed it)
 * to the task's state; reads decode it once and reuse the live object while the state still holds what was written,
 * so a rolled-back commit (the state's copy changes) is decoded afresh and never sees the failed tuples' effects.
 */
export class KeyedUsers<T> implements UserStore<T> {
  readonly #live = new Map<string, { stored: StoredUser; value: T }>();
  #eventId = -1;

  constructor(
    private readonly state: KeyValueState<StoredUser>,
    private readonly codec: UserCodec<T>,
  ) {}

  /**
   * Whether this event of the user's was already applied to the state (a replay after a restart: the committed state
   * of a user is a prefix of their events, which arrive in order by fields grouping). Call before the stage's update;
   * the next `set` records the event as applied.
   */
  applied(user: string, eventId: number): boolean {
    this.#eventId = eventId;
    const stored = this.state.get(user);
    return stored !== undefined && eventId <= stored.last;
  }

  get(user: string): T | undefined {
    const stored = this.state.get(user);
    if (stored === undefined) return undefined;
    const live = this.#live.get(user);
    if (live !== undefined && live.stored === stored) return live.value;
    const value = this.codec.fromJson(stored.value);
    this.#live.set(user, { stored, value });
    return value;
  }

  set(user: string, value: T): void {
    const stored = { value: this.codec.toJson(value), last: this.#eventId };
    this.state.put(user, stored);
    this.#live.set(user, { stored, value });
  }
}
