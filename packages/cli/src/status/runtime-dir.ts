import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** Linux's sun_path is 108 bytes including the terminating NUL; longer socket paths fail to bind. */
export const MAX_SOCKET_PATH_BYTES = 107;

/** Where runs register themselves: per user, so `twinstorm status` sees only your runs. `TWINSTORM_RUNTIME_DIR` overrides it (tests). */
export function runtimeDir(env: NodeJS.ProcessEnv = process.env): string {
  const override = env['TWINSTORM_RUNTIME_DIR'];
  if (override !== undefined && override !== '') return path.resolve(override);
  return path.join(os.tmpdir(), `twinstorm-${userId()}`, 'runs');
}

/** Creates the registry dir, readable by its owner only. */
export async function ensureRuntimeDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
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
