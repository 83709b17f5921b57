import { connect, type Socket } from 'node:net';
import { stringifyStormJson } from '@twinstorm/core/runtime';
import { TestkitError } from '../errors.ts';
import { LineReader } from './line-reader.ts';
import type { SinkReport } from './protocol.ts';

/** How long a component waits to reach the sink before its prepare/open fails. */
const CONNECT_TIMEOUT_MS = 10_000;

/** A report without the run token and sequence number, which the connection fills in. */
export type ReportBody = WithoutRun<SinkReport>;
type WithoutRun<R> = R extends SinkReport ? Omit<R, 'run' | 'seq'> : never;

/**
 * A component process's connection to the sink: reports go out as lines; `sendConfirmed` resolves once the sink
 * has recorded the report. Shared by every task of a process (the local engine runs all of them in one).
 */
export class SinkConnection {
  readonly #pending = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  #seq = 0;
  #broken: Error | null = null;

  private constructor(
    private readonly socket: Socket,
    readonly address: string,
    readonly run: string,
  ) {
    socket.setEncoding('utf8');
    const reader = new LineReader(
      (line) => this.#confirmation(line),
      1024,
      () => this.#break(new TestkitError('E_SINK', `the testkit sink at ${address} sent a malformed confirmation`)),
    );
    socket.on('data', (chunk: string) => reader.push(chunk));
    socket.on('error', (error) => this.#break(new TestkitError('E_SINK', `lost the testkit sink at ${address}: ${error.message}`)));
    socket.on('close', () => this.#break(new TestkitError('E_SINK', `the testkit sink at ${address} closed the connection`)));
  }

  /** Connects to `host:port`; fails with E_SINK naming the address when the sink cannot be reached. */
  static open(address: string, run: string): Promise<SinkConnection> {
    const colon = address.lastIndexOf(':');
    const host = address.slice(0, colon);
    const port = Number(address.slice(colon + 1));
    if (colon <= 0 || !Number.isInteger(port) || port <= 0 || port > 65535) {
      return Promise.reject(new TestkitError('E_SINK', `testkit sink address ${JSON.stringify(address)} is not host:port`));
    }
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new TestkitError('E_SINK', `cannot reach the testkit sink at ${address} within ${CONNECT_TIMEOUT_MS} ms`));
      }, CONNECT_TIMEOUT_MS);
      socket.once('error', (error) => {
        clearTimeout(timer);
        reject(new TestkitError('E_SINK', `cannot reach the testkit sink at ${address}: ${error.message}`));
      });
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.setNoDelay(true);
        // Never keep a component process (or a test process whose run is over) alive just for this socket.
        socket.unref();
        resolve(new SinkConnection(socket, address, run));
      });
    });
  }

  /** Sends a report; throws E_SINK once the connection is lost (the test is then told by its timeout dump). */
  send(report: ReportBody): void {
    if (this.#broken !== null) throw this.#broken;
    this.socket.write(`${stringifyStormJson({ ...report, run: this.run })}\n`);
  }

  /** Sends a report and resolves once the sink confirmed it. */
  sendConfirmed(report: ReportBody): Promise<void> {
    if (this.#broken !== null) return Promise.reject(this.#broken);
    const seq = ++this.#seq;
    const line = `${stringifyStormJson({ ...report, run: this.run, seq })}\n`;
    return new Promise((resolve, reject) => {
      this.#pending.set(seq, { resolve, reject });
      this.socket.write(line);
    });
  }

  /** Closes after everything written so far has been handed to the kernel. */
  close(): void {
    this.socket.end();
  }

  #confirmation(line: string): void {
    let seq: unknown;
    try {
      seq = (JSON.parse(line) as { ok?: unknown }).ok;
    } catch {
      seq = undefined;
    }
    const waiter = typeof seq === 'number' ? this.#pending.get(seq) : undefined;
    if (waiter === undefined) {
      this.#break(new TestkitError('E_SINK', `the testkit sink at ${this.address} confirmed something never sent: ${line.slice(0, 100)}`));
      return;
    }
    this.#pending.delete(seq as number);
    waiter.resolve();
  }

  #break(error: Error): void {
    if (this.#broken !== null) return;
    this.#broken = error;
    for (const w of this.#pending.values()) w.reject(error);
    this.#pending.clear();
    this.socket.destroy();
  }
}
