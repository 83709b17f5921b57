import { StateError } from './errors.ts';
import { jsonValueProblem, type JsonValue } from './json-value.ts';
import type { StateChanges } from './provider.ts';
import type { ErrorSite } from '@twinstorm/core';

/** Storm's KeyValueState: a task's keyed state; reads see every put so far, the provider sees them at each commit. */
export interface KeyValueState<V extends JsonValue = JsonValue> extends Iterable<[string, V]> {
  get(key: string): V | undefined;
  get(key: string, defaultValue: V): V;
  put(key: string, value: V): void;
  /** Removes the key; returns the value it had. */
  delete(key: string): V | undefined;
  has(key: string): boolean;
  readonly size: number;
  keys(): IterableIterator<string>;
}

/**
 * The working copy of a task's state over its last committed contents: every write since the last checkpoint is
 * remembered, so a commit writes only what changed and a failed commit can be rolled back.
 */
export class CheckpointedState<V extends JsonValue = JsonValue> implements KeyValueState<V> {
  #committed: Map<string, V>;
  #working: Map<string, V>;
  #puts = new Map<string, V>();
  #deletes = new Set<string>();

  constructor(
    committed: Map<string, JsonValue>,
    private readonly strict: boolean,
    private readonly site: ErrorSite,
  ) {
    this.#committed = committed as Map<string, V>;
    this.#working = new Map(this.#committed);
  }

  get(key: string): V | undefined;
  get(key: string, defaultValue: V): V;
  get(key: string, defaultValue?: V): V | undefined {
    const v = this.#working.get(key);
    return v === undefined ? defaultValue : v;
  }

  put(key: string, value: V): void {
    if (typeof key !== 'string') throw new StateError('E_STATE_VALUE', `state keys are strings, got ${typeof key}`, this.site);
    if (this.strict || value === undefined) {
      const problem = jsonValueProblem(value);
      if (problem !== null) throw new StateError('E_STATE_VALUE', `state.put("${key}"): ${problem}`, this.site);
    }
    this.#working.set(key, value);
    this.#puts.set(key, value);
    this.#deletes.delete(key);
  }

  delete(key: string): V | undefined {
    const had = this.#working.get(key);
    this.#working.delete(key);
    this.#puts.delete(key);
    if (this.#committed.has(key)) this.#deletes.add(key);
    return had;
  }

  has(key: string): boolean {
    return this.#working.has(key);
  }

  get size(): number {
    return this.#working.size;
  }

  keys(): IterableIterator<string> {
    return this.#working.keys();
  }

  [Symbol.iterator](): IterableIterator<[string, V]> {
    return this.#working.entries();
  }

  /** Whether anything was written since the last checkpoint. */
  get dirty(): boolean {
    return this.#puts.size > 0 || this.#deletes.size > 0;
  }

  /**
   * Takes the writes since the last checkpoint for a commit. Values are snapshotted as JSON text here, so a bolt that
   * mutates an object after putting it cannot change what this commit writes.
   */
  takeChanges(): StateChanges {
    const puts = new Map<string, JsonValue>();
    for (const [k, v] of this.#puts) puts.set(k, JSON.parse(JSON.stringify(v)) as JsonValue);
    const changes = { puts, deletes: this.#deletes };
    this.#puts = new Map();
    this.#deletes = new Set();
    return changes;
  }

  /** The commit of `changes` succeeded: they are the new committed contents. */
  committed(changes: StateChanges): void {
    for (const [k, v] of changes.puts) this.#committed.set(k, v as V);
    for (const k of changes.deletes) this.#committed.delete(k);
  }

  /** The commit failed: forget every write since the last successful one (their tuples are failed and replay). */
  rollBack(): void {
    this.#working = new Map(this.#committed);
    this.#puts = new Map();
    this.#deletes = new Set();
  }
}
