import { formatWithOptions } from 'node:util';
import type { LogLevel } from '@twinstorm/core';
import type { FrameOutput } from '../codec/frame-writer.ts';

/** Where captured user output goes once the runner is connected (Storm's `log` command). */
export type CapturedOutputSink = (text: string, level: LogLevel) => void;

/** Handle on an installed guard. */
export interface StdoutGuard {
  /** The real fd 1 (process.stdout's original write), bypassing the guard: the only writer of protocol frames. */
  readonly protocolOutput: FrameOutput;
  /** Routes captured output to `sink` from now on, after replaying what was buffered before. */
  connect(sink: CapturedOutputSink): void;
  /** Stops routing to the sink: later output goes to stderr (e.g. once the runner is exiting). */
  disconnect(): void;
  /** Puts console and process.stdout.write back as they were. */
  uninstall(): void;
}

/** Output captured before connect() is kept up to this many characters; beyond, it goes to stderr at once. */
const BUFFER_LIMIT = 1 << 20;

const CONSOLE_LEVELS: ReadonlyArray<readonly [string, LogLevel]> = [
  ['log', 'info'],
  ['info', 'info'],
  ['debug', 'debug'],
  ['trace', 'trace'],
  ['warn', 'warn'],
  ['error', 'error'],
];

let active: StdoutGuard | undefined;

/** The installed guard, if any (the runner connects it after the handshake). */
export function activeStdoutGuard(): StdoutGuard | undefined {
  return active;
}

/**
 * Makes fd 1 the protocol's alone. Call it before the topology module is imported: from then on console.log /
 * info / debug / trace / warn / error and process.stdout.write never reach fd 1. Their text is buffered until the
 * runner connects (after the handshake), then sent as Storm `log` commands at the matching level (stdout writes
 * line by line, at info); after disconnect, or past the buffer limit, it goes to stderr. Installing twice returns
 * the same guard. Not covered: fs.writeSync(1, ...) and child processes that inherit fd 1.
 */
export function installStdoutGuard(): StdoutGuard {
  if (active !== undefined) return active;
  const stdout = process.stdout;
  const ownWrite = Object.getOwnPropertyDescriptor(stdout, 'write');
  const realWrite = stdout.write.bind(stdout) as (chunk: string, callback?: (error?: Error | null) => void) => boolean;
  const writeStderr = (text: string): void => {
    process.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
  };
  // The guard's whole point is to own console: reading and replacing its methods is what it must do.
  const consoleMethods = console as unknown as Record<string, unknown>;
  const originalConsole = new Map<string, unknown>(CONSOLE_LEVELS.map(([name]) => [name, consoleMethods[name]]));

  let sink: CapturedOutputSink | undefined;
  let connected = false;
  const buffered: Array<[string, LogLevel]> = [];
  let bufferedChars = 0;
  let partialLine = '';

  const emit = (text: string, level: LogLevel): void => {
    if (sink !== undefined) {
      sink(text, level);
    } else if (!connected && bufferedChars + text.length <= BUFFER_LIMIT) {
      buffered.push([text, level]);
      bufferedChars += text.length;
    } else {
      writeStderr(text);
    }
  };

  const flushPartialLine = (): void => {
    if (partialLine.length === 0) return;
    const line = partialLine;
    partialLine = '';
    emit(line, 'info');
  };

  // process.stdout.write: split into lines so one log command carries one line, as a terminal would show it.
  const guardedWrite = function (this: unknown, chunk: unknown, encoding?: unknown, callback?: unknown): boolean {
    const done = typeof encoding === 'function' ? encoding : callback;
    const text =
      typeof chunk === 'string'
        ? chunk
        : chunk instanceof Uint8Array
          ? Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString(
              typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8',
            )
          : String(chunk);
    const lines = (partialLine + text).split('\n');
    partialLine = lines.pop() ?? '';
    for (const line of lines) emit(line, 'info');
    if (typeof done === 'function') process.nextTick(done);
    return true;
  };
  stdout.write = guardedWrite;

  for (const [name, level] of CONSOLE_LEVELS) {
    const replacement =
      name === 'trace'
        ? (...args: unknown[]) => {
            const trace = { name: 'Trace', message: formatWithOptions({ colors: false }, ...args) } as Error;
            Error.captureStackTrace(trace, replacement);
            emit(trace.stack ?? trace.message, level);
          }
        : (...args: unknown[]) => emit(formatWithOptions({ colors: false }, ...args), level);
    consoleMethods[name] = replacement;
  }

  // A closed pipe (Storm gone) must surface through the protocol stream's callbacks, never as an uncaught 'error'.
  const swallow = (): void => undefined;
  stdout.on('error', swallow);

  // Straight onto the original write: no extra stream layer per flush (the runner's writer coalesces already).
  const protocolOutput: FrameOutput = {
    write: (chunk, callback) => realWrite(chunk, callback),
    once: (event, listener) => stdout.once(event, listener),
    on: (event, listener) => stdout.on(event, listener),
    get writableLength() {
      return stdout.writableLength;
    },
  };

  const guard: StdoutGuard = {
    protocolOutput,
    connect(target) {
      sink = target;
      connected = true;
      const pending = buffered.splice(0);
      bufferedChars = 0;
      for (const [text, level] of pending) target(text, level);
    },
    disconnect() {
      flushPartialLine();
      sink = undefined;
      connected = true;
    },
    uninstall() {
      flushPartialLine();
      for (const [text] of buffered.splice(0)) writeStderr(text);
      if (ownWrite === undefined) delete (stdout as { write?: unknown }).write;
      else Object.defineProperty(stdout, 'write', ownWrite);
      for (const [name, original] of originalConsole) consoleMethods[name] = original;
      stdout.off('error', swallow);
      sink = undefined;
      active = undefined;
    },
  };
  active = guard;
  return guard;
}
