/**
 * The child end the fake Storm drives: a real subprocess (execa, argument array, no shell) or any pair of streams
 * (e.g. a runner called in-process with PassThrough streams, for fuzzing at speed).
 */
import type { Readable, Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { execa } from 'execa';
import { openChildPipes, type ChildPipes } from './os-pipes.ts';

/** How the child ended. */
export interface ChildExit {
  readonly code: number | null;
  readonly signal: string | null;
}

/** What FakeStorm needs from a child. */
export interface ChildTransport {
  /** The pid the child must report in the handshake (and name its pid file after). */
  readonly pid: number;
  readonly stdin: Writable;
  readonly stdout: Readable;
  readonly stderr: Readable | null;
  /** Resolves when the child has exited and its stdout/stderr have been read to the end. */
  readonly exited: Promise<ChildExit>;
  /** Sends a signal (a no-op once exited). */
  signal(sig: NodeJS.Signals): void;
  /** A short description for diagnostics (the command line). */
  readonly description: string;
}

/** How to start a subprocess child. */
export interface SpawnOptions {
  readonly cwd?: string;
  readonly env?: Readonly<Record<string, string>>;
  /**
   * What the child's stdin and stdout are: `pipe` (default) real pipes, as Storm's ProcessBuilder makes them;
   * `socketpair` what Node's spawn makes (cheaper to set up, but each write costs the child a socket buffer).
   */
  readonly stdio?: 'pipe' | 'socketpair';
}

/** Spawns `command args...` with pipes on all three fds; never through a shell. */
export function spawnChild(command: string, args: readonly string[], options: SpawnOptions = {}): ChildTransport {
  const pipes = options.stdio === 'socketpair' ? undefined : openChildPipes();
  let sub;
  try {
    sub = spawnWith(command, args, options, pipes);
  } catch (error) {
    pipes?.destroy();
    throw error;
  }
  pipes?.closeChildEnds();
  const stdin = pipes?.stdin ?? sub.stdin;
  const stdout = pipes?.stdout ?? sub.stdout;
  const stderr = sub.stderr;
  if (sub.pid === undefined || stdin === null || stdout === null) {
    pipes?.destroy();
    throw new Error(`could not start ${[command, ...args].join(' ')}: is ${command} installed and on PATH?`);
  }
  // Writes to a dead child's stdin fail with EPIPE; FakeStorm learns about the exit from `exited` instead.
  stdin.on('error', () => {});
  const exited = (async (): Promise<ChildExit> => {
    const result = await sub;
    await Promise.all([settled(stdout), stderr === null ? undefined : settled(stderr)]);
    const signal = result.signal ?? null;
    return { code: signal === null ? (result.exitCode ?? null) : null, signal };
  })();
  let done = false;
  void exited.then(() => (done = true));
  return {
    pid: sub.pid,
    stdin,
    stdout,
    stderr,
    exited,
    signal(sig) {
      if (!done) sub.kill(sig);
    },
    description: [command, ...args].join(' '),
  };
}

function spawnWith(command: string, args: readonly string[], options: SpawnOptions, pipes: ChildPipes | undefined) {
  const common = {
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    ...(options.env === undefined ? {} : { env: options.env }),
    stderr: 'pipe',
    buffer: false,
    reject: false,
    stripFinalNewline: false,
    encoding: 'buffer',
    cleanup: true,
    forceKillAfterDelay: false,
  } as const;
  return pipes === undefined
    ? execa(command, args, { ...common, stdin: 'pipe', stdout: 'pipe' })
    : // execa's types list only fds 3-9 for this; it hands any fd number to spawn, which dup2s it into the child.
      execa(command, args, { ...common, stdin: pipes.childStdin as 3, stdout: pipes.childStdout as 3 });
}

async function settled(stream: Readable): Promise<void> {
  try {
    await finished(stream);
  } catch {
    // a destroyed stream is as finished as it gets
  }
}
