import { lstatSync, statSync, type Stats } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CliError } from '../errors.ts';

/** Linux's sun_path is 108 bytes including the terminating NUL; longer socket paths fail to bind. */
export const MAX_SOCKET_PATH_BYTES = 107;

/** Where runs register themselves: per user, so `twinstorm status` sees only your runs. `TWINSTORM_RUNTIME_DIR` overrides it (tests). */
export function runtimeDir(env: NodeJS.ProcessEnv = process.env): string {
  const override = env['TWINSTORM_RUNTIME_DIR'];
  if (override !== undefined && override !== '') return path.resolve(override);
  return path.join(os.tmpdir(), `twinstorm-${userId()}`, 'runs');
}

/** Creates the registry dir, readable by its owner only, and refuses one another user could tamper with. */
export async function ensureRuntimeDir(dir: string): Promise<void> {
  checkRuntimeDir(dir); // before creating anything inside someone else's directory
  await mkdir(dir, { recursive: true, mode: 0o700 });
  checkRuntimeDir(dir);
}

/**
 * Throws E_RUNTIME_DIR, naming the path, its owner and mode, when the registry dir — or, under the shared temp dir,
 * any directory between it and the registry (`twinstorm-<uid>/`) — is not a real directory owned by this user, or
 * is writable by group or others (a symbolic link must be this user's, and so must its target): whoever can write
 * there can delete or replace the runs' registrations and sockets. A missing directory passes (nothing to trust yet). No check where there are no uids (Windows).
 */
export function checkRuntimeDir(dir: string): void {
  const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
  if (uid === undefined) return;
  for (const checked of ownedChain(path.resolve(dir))) {
    let link: Stats;
    try {
      link = lstatSync(checked);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    const st = link.isSymbolicLink() ? statSync(checked) : link;
    const problem =
      link.uid !== uid
        ? `is owned by uid ${link.uid}, not by you (uid ${uid})`
        : !st.isDirectory()
          ? 'is not a directory'
          : st.uid !== uid
            ? `is a symbolic link to a directory owned by uid ${st.uid}, not by you (uid ${uid})`
            : (st.mode & 0o022) !== 0
              ? 'is writable by group or others'
              : undefined;
    if (problem === undefined) continue;
    const owner = link.uid !== uid ? link : st;
    const mode = (owner.mode & 0o7777).toString(8).padStart(4, '0');
    throw new CliError(
      'E_RUNTIME_DIR',
      `runtime directory ${checked} ${problem} (mode ${mode}): another user could delete or replace the run registry; remove it or make it yours with mode 0700 (chown ${uid} ${checked} && chmod 0700 ${checked}), or set TWINSTORM_RUNTIME_DIR`,
    );
  }
}

/** The registry dir and, when it lies under the shared temp dir, each of its parents below that temp dir. */
function ownedChain(dir: string): string[] {
  const tmp = path.resolve(os.tmpdir());
  const chain = [dir];
  if (!dir.startsWith(`${tmp}${path.sep}`)) return chain;
  for (let parent = path.dirname(dir); parent !== tmp && parent.startsWith(`${tmp}${path.sep}`); parent = path.dirname(parent))
    chain.unshift(parent);
  return chain;
}

/** The file name stem of a run's registry file and socket: `<name>-<pid>`, with the name made filesystem-safe. */
export function runFileStem(name: string, pid: number): string {
  const safe = name.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64);
  return `${safe}-${pid}`;
}

/** A socket path that fits the 107-byte limit: `<dir>/<name>-<pid>.sock`, else shorter names, else under /tmp. */
export function socketPathFor(dir: string, name: string, pid: number): string {
  const candidates = [
    path.join(dir, `${runFileStem(name, pid)}.sock`),
    path.join(dir, `${pid}.sock`),
    path.join('/tmp', `twinstorm-${userId()}-${pid}.sock`),
  ];
  const fits = candidates.find((p) => Buffer.byteLength(p) <= MAX_SOCKET_PATH_BYTES);
  if (fits === undefined) {
    throw new Error(`no Unix socket path under ${MAX_SOCKET_PATH_BYTES} bytes for the status endpoint (runtime dir ${dir})`);
  }
  return fits;
}

function userId(): string {
  return typeof process.getuid === 'function' ? String(process.getuid()) : os.userInfo().username;
}
