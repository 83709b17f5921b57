import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type Bolt, type ComponentSpec, type Conf, type Spout, type Topology } from '@twinstorm/core';
import { attachComponent, errorMessage } from '@twinstorm/core/runtime';
import { FrameDecoder } from '../codec/frame-decoder.ts';
import { FrameWriter, type FrameOutput } from '../codec/frame-writer.ts';
import { MultilangError } from '../errors.ts';
import { parseStormHandshake } from '../protocol/parse-handshake.ts';
import type { StormHandshake } from '../protocol/storm-context.ts';
import { BoltSession } from './bolt-session.ts';
import { contextFromStorm } from './context-from-handshake.ts';
import { EXIT_CODES, exitCodeFor } from './exit-codes.ts';
import { fatalLine } from './fatal-line.ts';
import { describeError, SYNC_JSON, type SessionHost } from './port.ts';
import { SpoutSession } from './spout-session.ts';
import { preview } from './preview.ts';
import { activeStdoutGuard, type StdoutGuard } from './stdout-guard.ts';
import { userCodeError } from './user-code.ts';

/** Process-level events the runner listens to when given them (the CLI passes `process`; tests a fake). */
export interface ProcessEvents {
  on(event: 'SIGTERM' | 'uncaughtException' | 'unhandledRejection', listener: (...args: unknown[]) => void): unknown;
  off(event: 'SIGTERM' | 'uncaughtException' | 'unhandledRejection', listener: (...args: unknown[]) => void): unknown;
}

/** Options of runComponent. */
export interface RunComponentOptions {
  topology: Topology;
  componentId: string;
  /** Storm's frames (the child's stdin). */
  input: NodeJS.ReadableStream;
  /** Where frames go: any writable stream, or with the stdout guard installed `guard.protocolOutput` (the real fd 1). */
  output: FrameOutput | NodeJS.WritableStream;
  /** The one line per fatal cause; default process.stderr. */
  errorOutput?: NodeJS.WritableStream;
  /** The pid written to the pid file and the handshake reply; default process.pid. */
  pid?: number;
  /** SIGTERM, uncaught exceptions and unhandled rejections are handled when given (the CLI passes `process`). */
  processEvents?: ProcessEvents;
  /** The guard whose captured console output becomes `log` commands; default the installed one, if any. */
  stdoutGuard?: StdoutGuard | null;
  /** Frame-size cap for input; default 64 MiB. */
  maxFrameBytes?: number;
  /**
   * Async executions a bolt task keeps in flight; default conf `twinstorm.bolt.max.concurrency`, else
   * `topology.shellbolt.max.pending` (Storm's bound on its own queue to the child), else 100. BasicBolt: always 1.
   */
  maxInFlight?: number;
  /** Pause before a spout's `sync` when `next` emitted nothing; default 1 ms. */
  idleBackoffMs?: number;
  /** How long cleanup()/close() plus the final flush may take at EOF, SIGTERM or a fatal error; default 800 ms. */
  shutdownGraceMs?: number;
  /** Creates the pid file; default an empty file named by the pid in pidDir (created if missing). */
  writePidFile?: (pidDir: string, pid: number) => void;
}

/**
 * Runs one component of a topology as a Storm multilang child on the given streams: the handshake (pid file,
 * `{"pid"}` reply), then the bolt or spout session, until stdin ends, SIGTERM or a fatal error. Resolves with the
 * exit code (EXIT_CODES); never rejects. Each fatal cause writes exactly one line on `errorOutput` naming the
 * component, task, pid and reason, and, once the handshake is done, an `error` command to Storm first.
 */
export function runComponent(options: RunComponentOptions): Promise<number> {
  return new Promise((resolve) => new ComponentRun(options, resolve).start());
}

type Session = BoltSession | SpoutSession;

const DEFAULT_IN_FLIGHT = 100;

/** One run of runComponent: the state machine from handshake to exit. */
class ComponentRun implements SessionHost {
  readonly writer: FrameWriter;
  readonly #options: RunComponentOptions;
  readonly #resolve: (code: number) => void;
  readonly #decoder: FrameDecoder;
  readonly #pid: number;
  readonly #errorOutput: NodeJS.WritableStream;
  readonly #guard: StdoutGuard | undefined;
  #spec: ComponentSpec | undefined;
  #task: number | undefined;
  #session: Session | undefined;
  #stopping = false;
  #keepAlive: ReturnType<typeof setInterval> | undefined;

  readonly #onData = (chunk: Buffer | string): void => {
    // Everything a chunk's frames produce (the sync bolt path) goes out in one write as soon as the chunk is done.
    const writer = this.writer;
    writer.hold();
    try {
      this.#decoder.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    } finally {
      writer.release();
    }
  };
  readonly #onEnd = (): void => {
    this.#decoder.end();
    if (!this.#stopping) this.#shutdown(EXIT_CODES.EOF);
  };
  readonly #onInputError = (error: Error): void => {
    this.fatal(new MultilangError('E_INPUT', `reading stdin failed: ${error.message}`, {}, { cause: error }));
  };
  readonly #onSigterm = (): void => {
    if (!this.#stopping) this.#shutdown(EXIT_CODES.SIGTERM);
  };
  readonly #onUncaught = (error: unknown): void => {
    this.fatal(userCodeError('user code (uncaught)', error));
  };

  constructor(options: RunComponentOptions, resolve: (code: number) => void) {
    this.#options = options;
    this.#resolve = resolve;
    this.#pid = options.pid ?? process.pid;
    this.#errorOutput = options.errorOutput ?? process.stderr;
    this.#guard = options.stdoutGuard === null ? undefined : (options.stdoutGuard ?? activeStdoutGuard());
    this.writer = new FrameWriter(options.output, { onError: (error) => this.fatal(error) });
    this.#decoder = new FrameDecoder({
      ...(options.maxFrameBytes === undefined ? {} : { maxFrameBytes: options.maxFrameBytes }),
      onFrame: (message) => this.#onFrame(message),
      onError: (error) => this.fatal(error),
    });
  }

  start(): void {
    const { topology, componentId } = this.#options;
    const spec = topology.spec.components.find((c) => c.id === componentId);
    if (spec === undefined) {
      const known = topology.spec.components.map((c) => c.id).join(', ');
      this.fatal(
        new MultilangError('E_UNKNOWN_COMPONENT', `topology "${topology.name}" has no component "${componentId}" (it has: ${known})`),
      );
      return;
    }
    if ((spec as { shell?: unknown }).shell !== undefined) {
      this.fatal(
        new MultilangError(
          'E_UNKNOWN_COMPONENT',
          `component "${componentId}" is a shell component (its own subprocess), not a TypeScript one`,
        ),
      );
      return;
    }
    this.#spec = spec;
    const input = this.#options.input;
    input.on('data', this.#onData);
    input.on('end', this.#onEnd);
    input.on('error', this.#onInputError);
    const events = this.#options.processEvents;
    events?.on('SIGTERM', this.#onSigterm);
    events?.on('uncaughtException', this.#onUncaught);
    events?.on('unhandledRejection', this.#onUncaught);
    input.resume();
  }

  /** The decoder's callback: must not throw, so anything unexpected becomes E_INTERNAL. */
  #onFrame(message: unknown): void {
    if (this.#stopping) return;
    try {
      if (this.#session === undefined) this.#handshake(message);
      else this.#session.onMessage(message);
    } catch (error) {
      this.fatal(new MultilangError('E_INTERNAL', `twinstorm's runner failed: ${describeError(error)}`, {}, { cause: error }));
    }
  }

  #handshake(message: unknown): void {
    if (typeof message !== 'object' || message === null || Array.isArray(message)) {
      this.fatal(new MultilangError('E_NOT_AN_OBJECT', `the handshake must be a JSON object, got ${preview(message)}`));
      return;
    }
    const parsed = parseStormHandshake(message);
    if (!parsed.ok) {
      this.fatal(new MultilangError('E_HANDSHAKE', `Storm's handshake is unusable: ${parsed.problems.join('; ')}`));
      return;
    }
    const handshake = parsed.handshake;
    const spec = this.#spec!;
    const ctx = handshake.context;
    this.#task = ctx.taskid;
    if (ctx.componentid !== spec.id) {
      this.fatal(
        new MultilangError(
          'E_UNKNOWN_COMPONENT',
          `Storm's handshake is for component "${ctx.componentid}" but this process runs "${spec.id}"`,
        ),
      );
      return;
    }
    try {
      (this.#options.writePidFile ?? writePidFile)(handshake.pidDir, this.#pid);
    } catch (error) {
      this.fatal(new MultilangError('E_HANDSHAKE', `cannot create the pid file in ${handshake.pidDir}: ${errorMessage(error)}`));
      return;
    }
    this.writer.writeJson(`{"pid":${this.#pid}}`);
    this.#startSession(handshake, spec);
  }

  #startSession(handshake: StormHandshake, spec: ComponentSpec): void {
    const { topology } = this.#options;
    const conf = { ...topology.spec.conf, ...spec.conf, ...(handshake.conf as Conf) } as Conf;
    const topologyName = typeof conf['topology.name'] === 'string' ? conf['topology.name'] : topology.name;
    const context = contextFromStorm(topologyName, handshake.context);
    let component: Bolt | Spout;
    try {
      component = new (topology.componentClass(spec.id))();
    } catch (error) {
      this.fatal(userCodeError(`the constructor of ${spec.className}`, error));
      return;
    }
    let session: Session;
    if (spec.kind === 'spout') {
      session = new SpoutSession(this, spec, context, component as Spout, this.#options.idleBackoffMs ?? 1);
    } else {
      const limit = this.#options.maxInFlight ?? inFlightLimit(conf);
      if (limit === undefined) {
        this.fatal(
          new MultilangError(
            'E_HANDSHAKE',
            'conf "twinstorm.bolt.max.concurrency" / "topology.shellbolt.max.pending" must be a positive integer',
          ),
        );
        return;
      }
      session = new BoltSession(this, spec, context, component as Bolt, limit, handshake.context);
    }
    this.#session = session;
    attachComponent(component, session, context, conf);
    this.#guard?.connect((text, level) => session.log(text, level));
    session.start(conf);
  }

  pauseInput(): void {
    this.#options.input.pause();
    // ShellBolt kills a child that sends nothing for the subprocess timeout: while heartbeats wait unread, say alive.
    this.#keepAlive ??= setInterval(() => this.writer.writeJson(SYNC_JSON), 1000);
  }

  resumeInput(): void {
    if (this.#keepAlive !== undefined) clearInterval(this.#keepAlive);
    this.#keepAlive = undefined;
    if (!this.#stopping) this.#options.input.resume();
  }

  fatal(error: MultilangError): void {
    if (this.#stopping) return;
    this.#stopping = true;
    const code = exitCodeFor(error.code);
    const line = fatalLine({ component: this.#options.componentId, task: this.#task, pid: this.#pid }, error);
    if (this.#session !== undefined && !this.writer.failed) {
      const cause = (error as { cause?: unknown }).cause;
      const detail = cause instanceof Error && cause.stack !== undefined ? `\n${cause.stack}` : '';
      this.writer.writeJson(`{"command":"error","msg":${JSON.stringify(`${line}${detail}`)}}`);
    }
    this.#errorOutput.write(`${line}\n`);
    void this.#finish(code, false);
  }

  #shutdown(code: number): void {
    this.#stopping = true;
    void this.#finish(code, true);
  }

  /** Stops input and timers, runs cleanup/close (graceful stops only), flushes, resolves; all within the grace period. */
  async #finish(code: number, graceful: boolean): Promise<void> {
    const input = this.#options.input;
    input.off('data', this.#onData);
    input.off('end', this.#onEnd);
    input.off('error', this.#onInputError);
    input.pause();
    if (this.#keepAlive !== undefined) clearInterval(this.#keepAlive);
    const events = this.#options.processEvents;
    events?.off('SIGTERM', this.#onSigterm);
    const deadline = Date.now() + (this.#options.shutdownGraceMs ?? 800);
    const session = this.#session;
    if (!graceful) session?.halt();
    if (graceful && session !== undefined) {
      await withDeadline(deadline, async () => {
        try {
          await session.stop();
        } catch (error) {
          session.reportError(error);
        }
      });
    }
    this.#guard?.disconnect();
    await withDeadline(deadline, () => this.writer.flush());
    events?.off('uncaughtException', this.#onUncaught);
    events?.off('unhandledRejection', this.#onUncaught);
    this.#resolve(code);
  }
}

/** The bolt in-flight limit from conf, or undefined if the key is set to something unusable. */
function inFlightLimit(conf: Conf): number | undefined {
  const value = conf['twinstorm.bolt.max.concurrency'] ?? conf['topology.shellbolt.max.pending'] ?? DEFAULT_IN_FLIGHT;
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : undefined;
}

/** Storm's pid file: an empty file named by the child's pid, in the directory Storm chose. */
function writePidFile(pidDir: string, pid: number): void {
  mkdirSync(pidDir, { recursive: true });
  writeFileSync(path.join(pidDir, String(pid)), '');
}

async function withDeadline(deadline: number, work: () => Promise<void>): Promise<void> {
  const left = deadline - Date.now();
  if (left <= 0) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([work(), new Promise<void>((resolve) => (timer = setTimeout(resolve, left)))]);
  clearTimeout(timer);
}
