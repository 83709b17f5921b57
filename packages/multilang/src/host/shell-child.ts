import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { FrameDecoder } from '../codec/frame-decoder.ts';
import { FrameWriter } from '../codec/frame-writer.ts';
import { MultilangError } from '../errors.ts';
import { messagePreview } from './shell-message.ts';
import { StderrTail } from './stderr-tail.ts';
import { errorMessage } from '@twinstorm/core/runtime';

/** What to run: Storm's ShellComponent command plus, for local runs, a working directory and environment. */
export interface ShellLaunch {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd?: string | undefined;
  readonly env?: Readonly<Record<string, string>> | undefined;
}

/** What the owner of a subprocess hears from it once the handshake is done. */
export interface ShellChildEvents {
  /** One message (any JSON value) from the child's stdout. */
  onMessage(message: unknown): void;
  /** A fatal framing or output error while the child runs (malformed frame, frame too large, broken stdin). */
  onBroken(error: MultilangError): void;
  /** The child exited (and its pipes closed) without being asked to stop: how it ended. */
  onExit(how: string): void;
  /** One line of the child's stderr. */
  onStderr(line: string): void;
}

/** How the handshake is built and bounded. */
export interface HandshakeOptions {
  /** Builds Storm's first message for the given pid directory. */
  readonly message: (pidDir: string) => object;
  /** How long the child may take to answer with its pid (Storm waits forever; a local run should not). */
  readonly timeoutMs: number;
  readonly maxFrameBytes?: number;
}

/** How long a pipe error waits for the child's exit, which then is reported instead. */
const EXIT_WAIT_MS = 1000;

/**
 * One multilang subprocess: spawned with an argument array (no shell), Storm's handshake (pid directory, then
 * `{pid}`), framed messages both ways, stderr kept for reports, and a stop that closes stdin, sends SIGTERM, then
 * SIGKILL after a grace period and waits for the exit.
 */
export class ShellChild {
  readonly #process: ReturnType<typeof spawn>;
  readonly #writer: FrameWriter;
  readonly #stderr: StderrTail;
  readonly #pidDir: string;
  #events: ShellChildEvents | null = null;
  /** Messages that arrived after the pid reply but before the owner attached (delivered on attach). */
  readonly #early: unknown[] = [];
  /** A fatal error that came in before the owner attached (reported on attach). */
  #earlyBroken: MultilangError | null = null;
  #stopping = false;
  #ended: string | null = null;
  readonly #endedPromise: Promise<string>;
  /** The pid the child reported in the handshake. */
  pid = -1;

  private constructor(launch: ShellLaunch, pidDir: string, onStderr: (line: string) => void) {
    this.#pidDir = pidDir;
    this.#stderr = new StderrTail((line) => (this.#events?.onStderr ?? onStderr)(line));
    this.#process = spawn(launch);
    // Writes to a child that died are reported through the writer's onError; keep EPIPE from being unhandled.
    this.#process.stdin.on('error', () => undefined);
    this.#writer = new FrameWriter(this.#process.stdin, {
      onError: (error) => this.#broken(error),
    });
    this.#process.stderr.on('data', (chunk: Buffer) => this.#stderr.push(chunk));
    this.#process.stderr.on('end', () => this.#stderr.end());
    this.#endedPromise = this.#process.then((result) => {
      const how =
        result.signal !== undefined
          ? `was killed by ${result.signal}`
          : result.exitCode !== undefined
            ? `exited with code ${result.exitCode}`
            : '';
      const spawnError =
        result.exitCode === undefined && result.signal === undefined
          ? `could not be started: ${result.originalMessage || result.shortMessage}`
          : '';
      this.#ended = spawnError || how || 'ended';
      return this.#ended;
    });
  }

  /** Spawns the command and performs Storm's handshake; rejects (with the child stopped) when either fails. */
  static async start(launch: ShellLaunch, handshake: HandshakeOptions, onStderr: (line: string) => void): Promise<ShellChild> {
    const pidDir = await mkdtemp(join(tmpdir(), 'twinstorm-pids-'));
    let child: ShellChild;
    try {
      child = new ShellChild(launch, pidDir, onStderr);
    } catch (error) {
      await rm(pidDir, { recursive: true, force: true });
      throw new MultilangError('E_SUBPROCESS', `could not be started: ${errorMessage(error)}`, {}, { cause: error });
    }
    try {
      await child.#handshake(handshake);
    } catch (error) {
      await child.stop(500);
      const code = error instanceof MultilangError ? error.code : 'E_HANDSHAKE';
      throw new MultilangError(code, `${errorMessage(error)}${child.#stderr.describe()}`, {}, { cause: error });
    }
    return child;
  }

  /** Attaches the owner; messages that came in before are delivered now, in order. */
  attach(events: ShellChildEvents): void {
    this.#events = events;
    const early = this.#early.splice(0);
    for (const message of early) events.onMessage(message);
    if (this.#earlyBroken !== null) events.onBroken(this.#earlyBroken);
    else if (this.#ended !== null && !this.#stopping) events.onExit(this.#ended);
  }

  /** Queues one frame for the child (written at the end of this event-loop turn, coalesced). */
  write(message: object): void {
    this.#writer.write(message);
  }

  /** The last stderr lines as a suffix for error messages. */
  stderrReport(): string {
    return this.#stderr.describe();
  }

  /** Closes stdin and sends SIGTERM; SIGKILL after `graceMs`; resolves once it has exited and the pid dir is gone. */
  async stop(graceMs: number): Promise<void> {
    this.#stopping = true;
    if (this.#ended === null) {
      this.#process.stdin.end();
      this.#process.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const exited = await Promise.race([
        this.#endedPromise.then(() => true),
        new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), graceMs))),
      ]);
      clearTimeout(timer);
      if (!exited) this.#process.kill('SIGKILL');
    }
    await this.#endedPromise;
    await rm(this.#pidDir, { recursive: true, force: true });
  }

  async #handshake(handshake: HandshakeOptions): Promise<void> {
    let answered: (pid: number) => void = () => undefined;
    let refused: (error: unknown) => void = () => undefined;
    const reply = new Promise<number>((resolve, reject) => {
      answered = resolve;
      refused = reject;
    });
    let gotPid = false;
    const decoder = new FrameDecoder({
      ...(handshake.maxFrameBytes === undefined ? {} : { maxFrameBytes: handshake.maxFrameBytes }),
      onFrame: (message) => {
        if (gotPid) {
          if (this.#events === null) this.#early.push(message);
          else this.#events.onMessage(message);
          return;
        }
        gotPid = true;
        const pid =
          typeof message === 'object' && message !== null && !Array.isArray(message) ? (message as { pid?: unknown }).pid : undefined;
        if (typeof pid !== 'number' || !Number.isInteger(pid)) {
          refused(new MultilangError('E_HANDSHAKE', `answered the handshake with ${messagePreview(message)} instead of {"pid": <number>}`));
          return;
        }
        this.pid = pid;
        answered(pid);
      },
      onError: (error) => {
        if (!gotPid) refused(error);
        else this.#broken(error);
      },
    });
    this.#process.stdout.on('data', (chunk: Buffer) => decoder.push(chunk));
    this.#process.stdout.on('end', () => decoder.end());
    void this.#endedPromise.then((how) => {
      const started = !how.startsWith('could not be started');
      if (!gotPid) refused(new MultilangError('E_SUBPROCESS', started ? `${how} before answering the handshake` : how));
      else if (!this.#stopping) this.#events?.onExit(how);
    });
    this.#writer.write(handshake.message(this.#pidDir));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new MultilangError('E_HEARTBEAT_TIMEOUT', `did not answer the handshake within ${handshake.timeoutMs} ms`)),
        handshake.timeoutMs,
      );
    });
    try {
      await Promise.race([reply, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  #broken(error: MultilangError): void {
    if (this.#stopping || this.#ended !== null) return;
    if (error.code === 'E_OUTPUT' || error.code === 'E_TRUNCATED_FRAME') {
      // A broken stdin or a frame cut short usually means the child is exiting: its exit is the better report.
      setTimeout(() => {
        if (!this.#stopping && this.#ended === null) this.#report(error);
      }, EXIT_WAIT_MS).unref();
      return;
    }
    this.#report(error);
  }

  #report(error: MultilangError): void {
    if (this.#events === null) this.#earlyBroken ??= error;
    else this.#events.onBroken(error);
  }
}

/** Spawns without a shell, with pipes we read as streams (nothing buffered), never rejecting on a failed exit. */
function spawn(launch: ShellLaunch) {
  return execa(launch.command, [...launch.args], {
    cwd: launch.cwd ?? process.cwd(),
    env: { ...launch.env },
    stdin: 'pipe',
    stdout: 'pipe',
    stderr: 'pipe',
    buffer: false,
    reject: false,
    // Killed with this process if we die first: no orphaned children after a crash.
    cleanup: true,
    windowsHide: true,
  });
}

/** The command line for messages, e.g. `python3 splitsentence.py`. */
export function describeCommand(launch: { readonly command: string; readonly args: readonly string[] }): string {
  return [launch.command, ...launch.args].map((a) => (/^[\w./=:-]+$/.test(a) ? a : JSON.stringify(a))).join(' ');
}
