import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TwinstormError, type Topology } from '@twinstorm/core';
import { topologyExport } from '@twinstorm/core/runtime';
import { register } from 'tsx/esm/api';

/** Set on globalThis by whoever registered tsx in this thread (the CLI bin does too), so it is registered once. */
export const TSX_REGISTERED = Symbol.for('twinstorm.tsx.registered');

/** Lets this thread import `.ts` topology modules (the CLI, worker threads, tests): registers tsx unless already done. */
export function ensureTypeScriptLoader(): void {
  const flags = globalThis as { [TSX_REGISTERED]?: boolean };
  if (flags[TSX_REGISTERED] === true) return;
  register();
  flags[TSX_REGISTERED] = true;
}

/**
 * Imports a topology module (.ts or .js) and returns its built Topology, with the module recorded in the spec so
 * other threads and processes can load the same components. Every problem is a TwinstormError with a clear message.
 */
export async function loadTopology(file: string, exportName = 'default'): Promise<Topology> {
  const absolutePath = path.resolve(file);
  if (!existsSync(absolutePath)) {
    throw new TwinstormError('E_MODULE_NOT_FOUND', `topology module ${file} not found (looked for ${absolutePath})`);
  }
  if (!statSync(absolutePath).isFile()) {
    throw new TwinstormError('E_MODULE_NOT_FOUND', `topology module ${file} is not a file`);
  }
  ensureTypeScriptLoader();
  const exports = (await import(pathToFileURL(absolutePath).href)) as Record<string, unknown>;
  return topologyExport(exports, exportName, file).withSource({ module: absolutePath, export: exportName });
}
