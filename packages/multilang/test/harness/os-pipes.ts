/**
 * Real pipes (pipe(2) semantics, through named FIFOs) for a child's stdin and stdout, as Storm's ShellProcess gets
 * them from Java's ProcessBuilder. Node's spawn would give socketpairs instead, whose per-write cost (one socket
 * buffer per write) differs from a pipe's: an adapter writing many small messages pays for that, so measurements
 * taken over socketpairs are not what the child costs under Storm.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The child's ends (fds to pass as its stdin / stdout) and the parent's ends as streams. */
export interface ChildPipes {
  readonly childStdin: number;
  readonly childStdout: number;
  readonly stdin: net.Socket;
  readonly stdout: net.Socket;
  /** Closes the parent's copies of the child's ends (after spawning, so that EOF reaches each side). */
  closeChildEnds(): void;
  /** Closes everything (spawning failed). */
  destroy(): void;
}

/** Creates the two pipes. No open blocks: each FIFO is held open read-write while its two ends are opened. */
export function openChildPipes(): ChildPipes {
  const dir = mkdtempSync(join(tmpdir(), 'twinstorm-pipes-'));
  const fds: number[] = [];
  try {
    const inPath = join(dir, 'stdin');
    const outPath = join(dir, 'stdout');
    execFileSync('mkfifo', ['-m', '600', inPath, outPath]);
    const holdIn = openSync(inPath, constants.O_RDWR);
    fds.push(holdIn);
    const childStdin = openSync(inPath, constants.O_RDONLY);
    fds.push(childStdin);
    const parentStdin = openSync(inPath, constants.O_WRONLY | constants.O_NONBLOCK);
    fds.push(parentStdin);
    const holdOut = openSync(outPath, constants.O_RDWR);
    fds.push(holdOut);
    const parentStdout = openSync(outPath, constants.O_RDONLY | constants.O_NONBLOCK);
    fds.push(parentStdout);
    const childStdout = openSync(outPath, constants.O_WRONLY);
    fds.push(childStdout);
    for (const hold of [holdIn, holdOut]) {
      fds.splice(fds.indexOf(hold), 1);
      closeSync(hold);
    }
    const stdin = new net.Socket({ fd: parentStdin, readable: false, writable: true });
    const stdout = new net.Socket({ fd: parentStdout, readable: true, writable: false });
    let childEndsOpen = true;
    const closeChildEnds = (): void => {
      if (!childEndsOpen) return;
      childEndsOpen = false;
      closeSync(childStdin);
      closeSync(childStdout);
    };
    return {
      childStdin,
      childStdout,
      stdin,
      stdout,
      closeChildEnds,
      destroy() {
        closeChildEnds();
        stdin.destroy();
        stdout.destroy();
      },
    };
  } catch (error) {
    for (const fd of fds) {
      try {
        closeSync(fd);
      } catch {
        // already closed
      }
    }
    throw error;
  } finally {
    // The FIFOs are open now; their names are no longer needed.
    rmSync(dir, { recursive: true, force: true });
  }
}
