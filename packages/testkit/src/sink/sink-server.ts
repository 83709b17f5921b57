import { createServer, type Server, type Socket } from 'node:net';
import { randomUUID } from 'node:crypto';
import { parseStormJson } from '@twinstorm/core/runtime';
import { TestkitError } from '../errors.ts';
import { LineReader } from './line-reader.ts';
import { isSinkReport, MAX_LINE_CHARS, type SinkReport } from './protocol.ts';

/**
 * The test process's end of the reports: a TCP server on 127.0.0.1 that records every report of this run in arrival
 * order and confirms the ones that ask for it. It is how fixture spouts and capture bolts on either runtime (in this
 * process, or in Storm's worker processes) tell the test what happened.
 */
export class Sink {
  /** Every report of this run, in arrival order (per connection, the order it was sent). */
  readonly reports: SinkReport[] = [];
  /** Lines that were not reports of this run, or broke the protocol: a run with problems fails loudly. */
  readonly problems: string[] = [];
  readonly #sockets = new Set<Socket>();
  readonly #waiters = new Set<() => void>();
  #closed = false;

  private constructor(
    private readonly server: Server,
    /** `127.0.0.1:<port>`, what components read from conf. */
    readonly address: string,
    /** This run's token. */
    readonly run: string,
  ) {
    server.on('connection', (socket) => this.#accept(socket));
  }

  /** Listens on an ephemeral port of 127.0.0.1. */
  static async open(): Promise<Sink> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error) => reject(new TestkitError('E_SINK', `the testkit sink cannot listen on 127.0.0.1: ${String(error)}`)));
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    if (address === null || typeof address === 'string') throw new TestkitError('E_SINK', 'the testkit sink has no TCP address');
    return new Sink(server, `127.0.0.1:${address.port}`, randomUUID());
  }

  /** Connections currently open (components that have reached the sink). */
  get connections(): number {
    return this.#sockets.size;
  }

  /** Resolves at the next report or problem (or after `ms`): the run's wait loop sleeps on it instead of polling fast. */
  nextEvent(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.#waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#waiters.add(done);
    });
  }

  /** Stops listening and drops every connection (components of a finished run may still be connected). */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.#wake();
  }

  #accept(socket: Socket): void {
    if (this.#closed) {
      socket.destroy();
      return;
    }
    this.#sockets.add(socket);
    socket.setEncoding('utf8');
    socket.setNoDelay(true);
    const reader = new LineReader(
      (line) => this.#line(socket, line),
      MAX_LINE_CHARS,
      (chars) => this.#problem(`a report line passed ${MAX_LINE_CHARS} characters (${chars}); connection dropped`, socket),
    );
    socket.on('data', (chunk: string) => reader.push(chunk));
    // A component process killed with its topology resets its connection: that is the end, not a problem.
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.#sockets.delete(socket);
      if (reader.rest.trim().length > 0 && !this.#closed) this.#problem(`a connection closed in the middle of a report line`);
    });
  }

  #line(socket: Socket, line: string): void {
    let value: unknown;
    try {
      value = parseStormJson(line);
    } catch (error) {
      this.#problem(`a report line is not JSON (${String(error)}): ${line.slice(0, 200)}`);
      return;
    }
    if (!isSinkReport(value)) {
      this.#problem(`not a testkit report: ${line.slice(0, 200)}`);
      return;
    }
    if (value.run !== this.run) return; // a straggler of another run
    this.reports.push(value);
    if ((value.t === 'capture' || value.t === 'observe') && typeof value.seq === 'number' && !socket.destroyed) {
      socket.write(`{"ok":${value.seq}}\n`);
    }
    this.#wake();
  }

  #problem(text: string, socket?: Socket): void {
    this.problems.push(text);
    socket?.destroy();
    this.#wake();
  }

  #wake(): void {
    for (const w of [...this.#waiters]) w();
  }
}
