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
export async function loadTopology(given: string, exportName = 'default'): Promise<Topology> {
  const file = withModuleExtension(given);
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
    const syntax = syntaxErrorOf(error, file);
    if (syntax !== undefined) throw new TwinstormError('E_MODULE_LOAD', syntax, {}, { cause: error });
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

/** `run numbers` means numbers.ts (or .js/.mts/.mjs) when no file is named exactly `numbers`. */
function withModuleExtension(file: string): string {
  if (existsSync(file) || path.extname(file) !== '') return file;
  return ['.ts', '.mts', '.js', '.mjs'].map((ext) => file + ext).find((f) => existsSync(f)) ?? file;
}

/** The bundler's "Transform failed with 1 error: /abs/numbers.ts:3:6: ERROR: …" as `syntax error in numbers.ts:3:6: …`. */
function syntaxErrorOf(error: unknown, file: string): string | undefined {
  const m = /^Transform failed with (\d+) errors?:\s*(.+?):(\d+):(\d+): ERROR: (.*)$/m.exec(messageOf(error));
  if (m === null) return undefined;
  const more = Number(m[1]) > 1 ? ` (and ${Number(m[1]) - 1} more)` : '';
  return `syntax error in ${file}:${m[3]}:${m[4]}: ${m[5]}${more}`;
}

/** An error's message, also for thrown objects that are not Errors (a bundler's plain `{ message }`). */
function messageOf(error: unknown): string {
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : errorMessage(error);
}
