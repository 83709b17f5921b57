import type { JsonValue } from './json-value.ts';

/** The writes one checkpoint commits: keys put (with their new values) and keys deleted. */
export interface StateChanges {
  readonly puts: ReadonlyMap<string, JsonValue>;
  readonly deletes: ReadonlySet<string>;
}

/**
 * One task's durable state in a provider. `commit` is atomic: after a crash, `load` returns the state as of the last
 * commit that resolved, never part of one.
 */
export interface StateStore {
  load(): Promise<Map<string, JsonValue>>;
  commit(changes: StateChanges): Promise<void>;
  close(): Promise<void>;
}

/** A state backend (Storm's StateProvider): opens the store of one task namespace. */
export interface StateProvider {
  /** The name `topology.state.provider` selects it by. */
  readonly name: string;
  open(namespace: string, config: Readonly<Record<string, unknown>>): Promise<StateStore>;
}
