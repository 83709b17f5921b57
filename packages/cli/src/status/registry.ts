import { existsSync, rmSync } from 'node:fs';
import { readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isProcessAlive } from './process-alive.ts';
import { checkRuntimeDir, runFileStem } from './runtime-dir.ts';
import type { RegistryEntry, StatusPayload } from './status-types.ts';
import { errorMessage } from '@twinstorm/core/runtime';

/** A registry file and what it says. */
export interface RegisteredRun {
  file: string;
  entry: RegistryEntry;
}

/** A live run as `twinstorm status` shows it: its entry and its /status answer (or why it could not be fetched). */
export type ListedRun<T = StatusPayload> = RegisteredRun & ({ status: T } | { unreachable: string });

/** Writes `<name>-<pid>.json` atomically (temp file + rename) so a concurrent `status` never reads half a file. */
export async function writeRegistryEntry(dir: string, entry: RegistryEntry): Promise<string> {
  const file = path.join(dir, `${runFileStem(entry.name, entry.pid)}.json`);
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, JSON.stringify(entry, null, 2) + '\n', { mode: 0o600 });
  await rename(temp, file);
  return file;
}

/** Removes a run's registry file and socket; synchronous so it also works in a process 'exit' handler. */
export function removeRegistryFilesSync(file: string, socket: string): void {
  for (const p of [file, socket]) {
    try {
      if (existsSync(p)) rmSync(p, { force: true });
    } catch {
      // best effort: a leftover is dropped as stale by the next `twinstorm status`
    }
  }
}

/** Every registry file in the dir that parses; unparsable `.json` files are removed (they are never written half). */
export async function readRegistry(dir: string): Promise<RegisteredRun[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const runs: RegisteredRun[] = [];
  for (const name of names.filter((n) => n.endsWith('.json')).sort()) {
    const file = path.join(dir, name);
    try {
      const entry = parseEntry(await readFile(file, 'utf8'));
      if (entry === undefined) await rm(file, { force: true });
      else runs.push({ file, entry });
    } catch {
      // vanished between readdir and readFile: the run just ended
    }
  }
  return runs;
}

/** Connection errors meaning nobody serves the socket any more: the entry is stale. */
const STALE_CODES = new Set(['ECONNREFUSED', 'ENOENT', 'ENOTSOCK']);

/**
 * The runs that are alive, sorted by name, each with what `fetch` got from its socket (GET /status, or /view): entries whose pid is dead or whose socket refuses connections are
 * removed on the way (a crashed run cannot clean up after itself).
 */
export async function listRuns<T = StatusPayload>(
  dir: string,
  fetch: (socket: string) => Promise<T>,
  alive: (pid: number) => boolean = isProcessAlive,
): Promise<ListedRun<T>[]> {
  checkRuntimeDir(dir);
  const listed: ListedRun<T>[] = [];
  for (const run of await readRegistry(dir)) {
    if (!alive(run.entry.pid)) {
      removeRegistryFilesSync(run.file, run.entry.socket);
      continue;
    }
    const answer = await fetchWithRetry(run.entry.socket, fetch);
    if ('status' in answer) listed.push({ ...run, status: answer.status });
    else if (answer.stale) removeRegistryFilesSync(run.file, run.entry.socket);
    else listed.push({ ...run, unreachable: answer.error });
  }
  return listed.sort((a, b) => a.entry.name.localeCompare(b.entry.name) || a.entry.pid - b.entry.pid);
}

/** A refused connection is retried once (a busy run, a socket being re-created) before the entry is declared stale. */
async function fetchWithRetry<T>(
  socket: string,
  fetch: (socket: string) => Promise<T>,
): Promise<{ status: T } | { stale: boolean; error: string }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return { status: await fetch(socket) };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const stale = code !== undefined && STALE_CODES.has(code);
      if (!stale || attempt >= 2) return { stale, error: errorMessage(error) };
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

function parseEntry(text: string): RegistryEntry | undefined {
  try {
    const value = JSON.parse(text) as Partial<RegistryEntry>;
    const ok =
      typeof value.name === 'string' &&
      typeof value.pid === 'number' &&
      typeof value.socket === 'string' &&
      typeof value.topology === 'string' &&
      typeof value.startedAt === 'string';
    return ok ? (value as RegistryEntry) : undefined;
  } catch {
    return undefined;
  }
}
