import { createWriteStream, openSync } from 'node:fs';
import { execa } from 'execa';
import { ClusterError } from '../errors.ts';

/** A long-running server to start in the background. */
export interface DetachedLaunch {
  /** What it is, for error messages ("nimbus", "kafka"). */
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Receives its stdout and stderr, truncated first. */
  readonly logFile: string;
}

/**
 * Starts `launch` in its own process group, outliving this process, and returns its pid (which is also its process
 * group, so a later `down` from any shell can find it and its children again).
 */
export function spawnDetached(launch: DetachedLaunch): number {
  // A fresh capture per start, so a start failure shows this start's output, not an earlier run's. The server gets
  // the file descriptor itself: execa's {file} option would copy the output through this process, which loses
  // whatever the server writes after this command exits, and lands a dying server's last words after its exit.
  // A file stream with its descriptor already open: execa hands such a stream's descriptor to the child itself.
  const out = createWriteStream(launch.logFile, { fd: openSync(launch.logFile, 'w') });
  // The spawn is synchronous, so the child holds its own copy of the descriptor before ours is closed.
  const child = execa(launch.command, launch.args, {
    detached: true,
    cleanup: false,
    stdin: 'ignore',
    stdout: out,
    stderr: out,
    env: launch.env,
    extendEnv: false,
    cwd: launch.cwd,
    reject: false,
  });
  out.destroy();
  child.catch(() => {});
  child.unref();
  if (child.pid === undefined) throw new ClusterError('E_DAEMON_START', `could not start ${launch.name}: ${launch.command} did not spawn`);
  return child.pid;
}
