import type { JsonValue } from '../json-value.ts';
import type { StateChanges, StateProvider, StateStore } from '../provider.ts';

const STORES = Symbol.for('twinstorm.state.memory');

/** The committed state of every namespace in this thread (kept on globalThis, so every copy of this module shares it). */
function stores(): Map<string, Map<string, string>> {
  const g = globalThis as { [STORES]?: Map<string, Map<string, string>> };
  return (g[STORES] ??= new Map());
}

/**
 * Storm's InMemoryKeyValueStateProvider: committed state in this thread's memory, as JSON text. It survives a task
 * being prepared again in the same thread (a bolt re-created by the runtime), not a worker-thread restart nor the end
 * of the process: for those, use the file, Redis or Postgres provider.
 */
export const memoryProvider: StateProvider = {
  name: 'memory',
  open(namespace) {
    const all = stores();
    let committed = all.get(namespace);
    if (committed === undefined) all.set(namespace, (committed = new Map<string, string>()));
    const store: StateStore = {
      load: () => Promise.resolve(new Map([...committed].map(([k, v]) => [k, JSON.parse(v) as JsonValue]))),
      commit(changes: StateChanges) {
        for (const [k, v] of changes.puts) committed.set(k, JSON.stringify(v));
        for (const k of changes.deletes) committed.delete(k);
        return Promise.resolve();
      },
      close: () => Promise.resolve(),
    };
    return Promise.resolve(store);
  },
};

/** Forgets every namespace this thread's memory provider holds (for tests that start over). */
export function clearMemoryState(): void {
  stores().clear();
}
