import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { StateError } from '../errors.ts';
import type { JsonValue } from '../json-value.ts';
import type { StateChanges, StateProvider } from '../provider.ts';

/** Where the file provider keeps its files unless `topology.state.provider.config` names a `dir`. */
export const DEFAULT_STATE_DIR = join(homedir(), '.local', 'state', 'twinstorm', 'state');

/**
 * One JSON file per task namespace, replaced atomically (write a temporary file, fsync, rename) at each commit: it
 * survives kill -9 and needs no server, on one machine. Each commit rewrites the task's whole state, so it suits
 * small states (tests, demos); Redis or Postgres write only what changed.
 */
export const fileProvider: StateProvider = {
  name: 'file',
  async open(namespace, config) {
    const dir = typeof config['dir'] === 'string' ? config['dir'] : DEFAULT_STATE_DIR;
    await mkdir(dir, { recursive: true });
    const path = join(dir, `${encodeURIComponent(namespace)}.json`);
    let contents: Record<string, JsonValue> = {};
    try {
      contents = JSON.parse(await readFile(path, 'utf8')) as Record<string, JsonValue>;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new StateError('E_STATE_PROVIDER', `cannot read the state file ${path}: ${(error as Error).message}`, {}, { cause: error });
      }
    }
    let sequence = 0;
    return {
      load: () => Promise.resolve(new Map(Object.entries(contents))),
      async commit(changes: StateChanges) {
        const next = { ...contents };
        for (const [k, v] of changes.puts) next[k] = v;
        for (const k of changes.deletes) delete next[k];
        const tmp = `${path}.${process.pid}.${sequence++}.tmp`;
        await writeFile(tmp, JSON.stringify(next), { flush: true });
        await rename(tmp, path);
        contents = next;
      },
      async close() {},
    };
  },
};
