import type { ComponentSpec, Conf, Spout, TopologyContext, Tuple } from '@twinstorm/core';
import { MultilangError } from '../errors.ts';
import { MsgIdTable } from './msg-ids.ts';
import { ChildPort, SYNC_JSON, type SessionHost } from './port.ts';
import { preview } from './preview.ts';
import { callUserCode } from './user-code.ts';

/** The requests ShellSpout sends; anything else is fatal, as it is for ShellSpout in the other direction. */
const REQUESTS: ReadonlySet<string> = new Set(['next', 'ack', 'fail', 'activate', 'deactivate']);

interface SpoutRequest {
  readonly command: string;
  readonly id?: unknown;
}

/**
 * A spout under ShellSpout: strictly request / reply. Each request (`activate`, `next`, `ack`, `fail`,
 * `deactivate`) runs the matching method (awaited when it returns a Promise) and is answered by the emits, logs and
 * errors it produced, then `sync`; a `next` that emitted nothing waits `idleBackoffMs` before its sync, as storm.js
 * and storm.py do. Task-id replies are handled while a request is in progress (Storm writes them right after the
 * emit). A throw in any spout method is fatal (reported to Storm, then exit E_USER_CODE), as ShellSpout gives no way on.
 */
export class SpoutSession extends ChildPort {
  readonly #spout: Spout;
  readonly #ids = new MsgIdTable();
  readonly #idleBackoffMs: number;
  readonly #requests: SpoutRequest[] = [];
  #requestHead = 0;
  #busy = false;
  #ready = false;
  #stopped = false;
  /** Requests answered so far. */
  answered = 0;

  constructor(host: SessionHost, spec: ComponentSpec, context: TopologyContext, spout: Spout, idleBackoffMs: number) {
    super(host, spec, context);
    this.#spout = spout;
    this.#idleBackoffMs = idleBackoffMs;
  }

  /** msgIds emitted and not acked or failed yet (the tokens kept for non-primitive ones). */
  get pendingMsgIds(): number {
    return this.#ids.size;
  }

  /** Calls open; requests that arrive meanwhile wait. A throw (or rejection) ends the run with E_USER_CODE. */
  start(conf: Conf): void {
    const opened = (): void => this.#opened();
    if (callUserCode('open()', () => this.#spout.open(conf, this.context), opened, this.fatal, this.site()) === 'sync') opened();
  }

  /** Calls close (at EOF / SIGTERM); no request is answered after it. */
  stop(): void | Promise<void> {
    this.halt();
    return this.#spout.close();
  }

  /** Answers nothing more (the run is ending). */
  halt(): void {
    this.#stopped = true;
  }

  /** One decoded frame from ShellSpout: a request, or a task-id reply. */
  onMessage(message: unknown): void {
    if (Array.isArray(message)) {
      this.taskIdsArrived(message);
      return;
    }
    if (typeof message !== 'object' || message === null) {
      this.host.fatal(new MultilangError('E_NOT_AN_OBJECT', `expected a spout request object or a task-id list, got ${preview(message)}`));
      return;
    }
    const command = (message as { command?: unknown }).command;
    if (typeof command !== 'string') {
      this.host.fatal(new MultilangError('E_PROTOCOL', `a spout request needs a "command" string: got ${preview(message)}`));
      return;
    }
    if (!REQUESTS.has(command)) {
      this.host.fatal(
        new MultilangError(
          'E_UNKNOWN_COMMAND',
          `unknown spout command ${JSON.stringify(command)} (expected next, ack, fail, activate or deactivate)`,
        ),
      );
      return;
    }
    this.#requests.push(message as SpoutRequest);
    if (this.#ready && !this.#busy) this.#serve();
  }

  #opened(): void {
    if (this.#stopped) return;
    this.#ready = true;
    this.#serve();
  }

  /** Answers waiting requests one at a time; returns when one is awaiting (its completion resumes the loop). */
  #serve(): void {
    while (!this.#busy && !this.#stopped && this.#requestHead < this.#requests.length) {
      const request = this.#requests[this.#requestHead]!;
      this.#requests[this.#requestHead++] = undefined as never;
      if (this.#requestHead === this.#requests.length) {
        this.#requests.length = 0;
        this.#requestHead = 0;
      }
      this.#busy = true;
      const before = this.emitted;
      const settled = (): void => this.#finish(request.command, before);
      if (callUserCode(methodOf(request.command), () => this.#call(request), settled, this.fatal, this.site()) !== 'sync') return;
      if (request.command === 'next' && this.emitted === before && this.#idleBackoffMs > 0) {
        setTimeout(() => this.#answer(), this.#idleBackoffMs);
        return;
      }
      this.#answer(false);
    }
  }

  #finish(command: string, emittedBefore: number): void {
    if (command === 'next' && this.emitted === emittedBefore && this.#idleBackoffMs > 0) {
      setTimeout(() => this.#answer(), this.#idleBackoffMs);
    } else {
      this.#answer();
    }
  }

  /** Writes the request's sync; `resume` continues with queued requests (false inside the #serve loop). */
  #answer(resume = true): void {
    if (this.#stopped) return;
    this.host.writer.writeJson(SYNC_JSON);
    this.answered++;
    this.#busy = false;
    if (resume) this.#serve();
  }

  #call(request: SpoutRequest): void | Promise<void> {
    switch (request.command) {
      case 'next':
        return this.#spout.nextTuple();
      case 'ack':
        return this.#spout.ack(this.#ids.fromWire(request.id));
      case 'fail':
        return this.#spout.fail(this.#ids.fromWire(request.id));
      case 'activate':
        return this.#spout.activate();
      default:
        return this.#spout.deactivate();
    }
  }

  override emit(stream: string, values: readonly unknown[], anchors: readonly Tuple[] | undefined, msgId: unknown): void {
    this.host.writer.writeJson(this.emitJson(stream, values, anchors, msgId, false));
    this.emitted++;
  }

  override emitDirect(
    taskId: number,
    stream: string,
    values: readonly unknown[],
    anchors: readonly Tuple[] | undefined,
    msgId: unknown,
  ): void {
    const out = this.output(stream, values, true);
    this.#checkNoAnchors(anchors, stream);
    const task = this.directTask(taskId, stream);
    const tuple = this.values(values, stream);
    const id = this.#ids.toWire(msgId);
    this.host.writer.writeJson(`{"command":"emit",${out.streamPart}"tuple":${tuple}${id === undefined ? '' : `,"id":${id}`}${task}}`);
    this.emitted++;
  }

  protected override emitJson(
    stream: string,
    values: readonly unknown[],
    anchors: readonly Tuple[] | undefined,
    msgId: unknown,
    needTaskIds: boolean,
  ): string {
    const out = this.output(stream, values, false);
    this.#checkNoAnchors(anchors, stream);
    const tuple = this.values(values, stream);
    const id = this.#ids.toWire(msgId);
    const need = needTaskIds ? ',"need_task_ids":true}' : ',"need_task_ids":false}';
    return `{"command":"emit",${out.streamPart}"tuple":${tuple}${id === undefined ? '' : `,"id":${id}`}${need}`;
  }

  override ack(tuple: Tuple): void {
    throw this.error('E_NOT_SUPPORTED', 'a spout has no input tuples to ack', tuple.sourceStream);
  }

  override fail(tuple: Tuple): void {
    throw this.error('E_NOT_SUPPORTED', 'a spout has no input tuples to fail', tuple.sourceStream);
  }

  #checkNoAnchors(anchors: readonly Tuple[] | undefined, stream: string): void {
    if (anchors !== undefined && anchors.length > 0) {
      throw this.error('E_NOT_SUPPORTED', 'spouts cannot anchor; pass a msgId to make the tuple reliable', stream);
    }
  }
}

function methodOf(command: string): string {
  return command === 'next' ? 'nextTuple()' : `${command}()`;
}
