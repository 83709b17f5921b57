import { confNumber, type Conf } from '@twinstorm/core';
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

/** Keys of the stage's recent outputs (`<prefix><event id>`); user ids never start with it. */
const OUTPUT_PREFIX = '#out:';

/**
 * A stage's users in keyed state. Each set writes the user's value (as JSON, with the id of the event that changed it)
 * to the task's state; reads decode it once and reuse the live object while the state still holds what was written,
 * so a rolled-back commit (the state's copy changes) is decoded afresh and never sees the failed tuples' effects.
 */
export class KeyedUsers<T> implements UserStore<T> {
  readonly #live = new Map<string, { stored: StoredUser; value: T }>();
  #eventId = -1;
  /** Event ids of the outputs kept in state, oldest first. */
  readonly #outputs: number[];

  /**
   * `keepOutputs`: how many recent outputs of this task to keep in state, so that an event replayed after a restart
   * gets the output it had the first time (its downstream effects may have been lost with the engine): at least the
   * events that can be in flight (topology.max.spout.pending).
   */
  constructor(
    private readonly state: KeyValueState<JsonValue>,
    private readonly codec: UserCodec<T>,
    private readonly keepOutputs = 0,
  ) {
    this.#outputs = [...state.keys()]
      .filter((k) => k.startsWith(OUTPUT_PREFIX))
      .map((k) => Number(k.slice(OUTPUT_PREFIX.length)))
      .sort((a, b) => a - b);
  }

  /** The output this task gave the event the first time, when it is still kept. */
  output(eventId: number): JsonValue | undefined {
    return this.state.get(`${OUTPUT_PREFIX}${eventId}`);
  }

  /** Keeps the event's output for a replay, forgetting the oldest beyond `keepOutputs`. */
  keepOutput(eventId: number, output: JsonValue): void {
    if (this.keepOutputs === 0) return;
    this.state.put(`${OUTPUT_PREFIX}${eventId}`, output);
    this.#outputs.push(eventId);
    while (this.#outputs.length > this.keepOutputs) this.state.delete(`${OUTPUT_PREFIX}${this.#outputs.shift()!}`);
  }

  /**
   * Whether this event of the user's was already applied to the state (a replay after a restart: the committed state
   * of a user is a prefix of their events, which arrive in order by fields grouping). Call before the stage's update;
   * the next `set` records the event as applied.
   */
  applied(user: string, eventId: number): boolean {
    this.#eventId = eventId;
    const stored = this.state.get(user) as StoredUser | undefined;
    return stored !== undefined && eventId <= stored.last;
  }

  get(user: string): T | undefined {
    const stored = this.state.get(user) as StoredUser | undefined;
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

/** How many outputs a stage keeps for replays: twice the events the spouts may have in flight (10,000 when unbounded). */
export function outputsToKeep(conf: Conf): number {
  const pending = confNumber(conf, 'topology.max.spout.pending');
  return pending === undefined ? 10_000 : 2 * pending;
}
