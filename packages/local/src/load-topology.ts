import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TwinstormError, type Topology } from '@twinstorm/core';
import { errorMessage, topologyExport } from '@twinstorm/core/runtime';
import { register } from 'tsx/esm/api';
import { firstUserFrame } from './workers/worker-thread.ts';

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
  let exports: Record<string, unknown>;
  try {
    exports = (await import(pathToFileURL(absolutePath).href)) as Record<string, unknown>;
  } catch (error) {
    // The builder's own errors already say which component and stream; anything else only says what, not where.
    if (error instanceof TwinstormError) throw error;
    const stack = error instanceof Error && error.stack !== undefined ? error.stack : '';
    const where = firstUserFrame(
      stack
        .split('\n')
        .filter((line) => !line.includes('/node_modules/'))
        .join('\n'),
    );
    throw new TwinstormError(
      'E_MODULE_LOAD',
      `topology module ${file} threw while loading: ${errorMessage(error)}${where}`,
      {},
      { cause: error },
    );
  }
  return topologyExport(exports, exportName, file).withSource({ module: absolutePath, export: exportName });
}
