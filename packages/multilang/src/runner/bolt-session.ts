import { StreamSchema, type Bolt, type ComponentSpec, type Conf, type TopologyContext, type Tuple } from '@twinstorm/core';
import { ACKED, FAILED, LIVE, alreadySettledError, anchorSettledError, boltMsgIdError } from '@twinstorm/core/runtime';
import { MultilangError } from '../errors.ts';
import type { StormContextJson } from '../protocol/storm-context.ts';
import { ChildPort, SYNC_JSON, type SessionHost } from './port.ts';
import { preview } from './preview.ts';
import { callUserCode, isPromise } from './user-code.ts';
import { MultilangTuple } from './tuple.ts';

/** ShellBolt's heartbeat stream: answered with sync at once, never executed, never acked. */
const HEARTBEAT_STREAM = '__heartbeat';
const NO_FIELDS: readonly string[] = Object.freeze([]);
const TICK_FIELDS: readonly string[] = Object.freeze(['rate_secs']);
/** Storm's ids are decimal longs: such a string needs no escaping, so its JSON is itself in quotes. */
const PLAIN_ID = /^-?\d{1,20}$/;

/** A tuple id as JSON, for ack / fail / anchors (cheaper than JSON.stringify for Storm's ids). */
function idJson(id: string | number): string {
  return typeof id === 'string' && PLAIN_ID.test(id) ? `"${id}"` : JSON.stringify(id);
}

/**
 * A bolt under ShellBolt: turns input frames into tuples, runs `execute` (sync, or async with at most `limit` in
 * flight; a BasicBolt one at a time), answers heartbeats at once even while executions await, and implements the
 * bolt's RuntimePort with the local engine's checks: anchors must be live inputs, ack / fail exactly once, BasicBolt
 * anchors its emits to the input and acks it after them (fails it and reports the error on a throw). Tick tuples
 * reach `execute` as on the local engine; one still live when its execution ends is acked for the user, because
 * ShellBolt keeps every input until the child acks or fails it.
 */
export class BoltSession extends ChildPort {
  readonly #bolt: Bolt;
  readonly #basic: boolean;
  readonly #limit: number;
  readonly #sourceFields: StormContextJson['source->stream->fields'];
  /** Schemas by source component, then stream, so a tuple's schema is two map reads. */
  readonly #schemas = new Map<string, Map<string, StreamSchema>>();
  /** Tuples received while `limit` executions are in flight, or before prepare finished. */
  #queue: MultilangTuple[] = [];
  #queueHead = 0;
  #inflight = 0;
  #ready = false;
  #halted = false;
  #paused = false;
  /** The input of the running BasicBolt execution, the anchor of its emits. */
  #current: MultilangTuple | null = null;
  /** Inputs executed so far (tests and diagnostics). */
  executed = 0;
  #awaitingDrain = false;
  readonly #drainSoon = (): void => {
    this.#awaitingDrain = false;
    this.#drain();
  };

  constructor(host: SessionHost, spec: ComponentSpec, context: TopologyContext, bolt: Bolt, limit: number, storm: StormContextJson) {
    super(host, spec, context);
    this.#bolt = bolt;
    this.#basic = spec.kind === 'basic-bolt';
    this.#limit = this.#basic ? 1 : limit;
    this.#sourceFields = storm['source->stream->fields'];
  }

  /** Executions in flight (async ones not settled yet). */
  get inflight(): number {
    return this.#inflight;
  }

  /** Tuples waiting for a free execution slot. */
  get queued(): number {
    return this.#queue.length - this.#queueHead;
  }

  /** Calls prepare; tuples that arrive meanwhile wait. A throw (or rejection) ends the run with E_USER_CODE. */
  start(conf: Conf): void {
    const prepared = (): void => this.#prepared();
    const outcome = callUserCode('prepare()', () => this.#bolt.prepare(conf, this.context), prepared, this.fatal, this.site());
    if (outcome === 'sync') prepared();
  }

  /** Calls cleanup (at EOF / SIGTERM); the caller bounds how long it may take. Queued tuples are not executed. */
  stop(): void | Promise<void> {
    this.halt();
    return this.#bolt.cleanup();
  }

  /** Executes nothing more (the run is ending). */
  halt(): void {
    this.#halted = true;
    this.#ready = false;
  }

  /** One decoded frame from ShellBolt: a tuple, a heartbeat or a task-id reply. */
  onMessage(message: unknown): void {
    if (Array.isArray(message)) {
      this.taskIdsArrived(message);
      return;
    }
    if (typeof message !== 'object' || message === null) {
      this.host.fatal(new MultilangError('E_NOT_AN_OBJECT', `expected a tuple object or a task-id list, got ${preview(message)}`));
      return;
    }
    const m = message as { id?: unknown; comp?: unknown; stream?: unknown; task?: unknown; tuple?: unknown; command?: unknown };
    const stream = m.stream;
    if (stream === HEARTBEAT_STREAM) {
      this.host.writer.writeJson(SYNC_JSON);
      return;
    }
    if (m.command !== undefined) {
      this.host.fatal(new MultilangError('E_UNKNOWN_COMMAND', `a bolt receives tuples, not commands: got command ${preview(m.command)}`));
      return;
    }
    const id = m.id;
    const values = m.tuple;
    const comp = m.comp;
    const task = m.task;
    if (
      (typeof id !== 'string' && typeof id !== 'number') ||
      typeof stream !== 'string' ||
      !Array.isArray(values) ||
      (typeof comp !== 'string' && comp !== null) ||
      typeof task !== 'number'
    ) {
      this.host.fatal(
        new MultilangError(
          'E_PROTOCOL',
          `a tuple needs id (string), comp (string), stream (string), task (number) and tuple (list): got ${preview(message)}`,
        ),
      );
      return;
    }
    const tuple = new MultilangTuple(values, this.#schema(comp ?? '', stream), task, String(id), idJson(id));
    if (this.#ready && this.#inflight < this.#limit && this.#queueHead === this.#queue.length) {
      this.#execute(tuple);
      return;
    }
    this.#queue.push(tuple);
    if (!this.#paused && this.queued >= this.#limit) {
      this.#paused = true;
      this.host.pauseInput();
    }
  }

  #prepared(): void {
    if (this.#halted) return;
    this.#ready = true;
    this.#drain();
  }

  /** Runs queued tuples while slots are free and the output is not back-pressured. */
  #drain(): void {
    const writer = this.host.writer;
    while (this.#ready && this.#queueHead < this.#queue.length && this.#inflight < this.#limit) {
      if (writer.blocked) {
        if (!this.#awaitingDrain) {
          this.#awaitingDrain = true;
          void writer.drained().then(this.#drainSoon);
        }
        return;
      }
      const tuple = this.#queue[this.#queueHead]!;
      this.#queue[this.#queueHead++] = undefined as never;
      this.#execute(tuple);
    }
    if (this.#queueHead === this.#queue.length) {
      this.#queue = [];
      this.#queueHead = 0;
    }
    if (this.#paused && this.queued < Math.max(1, this.#limit >> 1)) {
      this.#paused = false;
      this.host.resumeInput();
    }
  }

  #execute(tuple: MultilangTuple): void {
    this.executed++;
    if (this.#basic) this.#current = tuple;
    let result: void | Promise<void>;
    try {
      result = this.#bolt.execute(tuple);
    } catch (error) {
      this.#current = null;
      this.#executeFailed(tuple, error);
      return;
    }
    if (isPromise(result)) {
      this.#inflight++;
      result.then(
        () => this.#settled(tuple, undefined, false),
        (error: unknown) => this.#settled(tuple, error, true),
      );
      return;
    }
    this.#executed(tuple);
  }

  #settled(tuple: MultilangTuple, error: unknown, threw: boolean): void {
    this.#inflight--;
    if (threw) {
      this.#current = null;
      this.#executeFailed(tuple, error);
    } else {
      this.#executed(tuple);
    }
    this.#drain();
  }

  /** execute returned: BasicBolt acks its input (after the emits, which are already queued); ticks are acked. */
  #executed(tuple: MultilangTuple): void {
    if (this.#basic) this.#current = null;
    if (tuple.state === LIVE && (this.#basic || tuple.isTick())) this.#ackTuple(tuple);
  }

  /** A throw (or rejection) from execute: reported, and the input failed so its tree is replayed, not lost. */
  #executeFailed(tuple: MultilangTuple, error: unknown): void {
    this.reportError(error);
    if (tuple.state === LIVE) this.#failTuple(tuple);
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
    this.#checkNoMsgId(msgId, stream);
    const task = this.directTask(taskId, stream);
    const json = `{"command":"emit",${out.streamPart}"tuple":${this.values(values, stream)}${this.#anchorsPart(anchors, stream)}${task}}`;
    this.host.writer.writeJson(json);
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
    this.#checkNoMsgId(msgId, stream);
    const need = needTaskIds ? ',"need_task_ids":true}' : ',"need_task_ids":false}';
    return `{"command":"emit",${out.streamPart}"tuple":${this.values(values, stream)}${this.#anchorsPart(anchors, stream)}${need}`;
  }

  override ack(tuple: Tuple): void {
    if (this.#basic) {
      throw this.error('E_NOT_SUPPORTED', 'a BasicBolt acks its input itself when execute returns; do not call ack', tuple.sourceStream);
    }
    this.#ackTuple(this.#own(tuple, 'ack'));
  }

  override fail(tuple: Tuple): void {
    this.#failTuple(this.#own(tuple, 'fail'));
  }

  #ackTuple(tuple: MultilangTuple): void {
    tuple.state = ACKED;
    this.host.writer.writeJson(`{"command":"ack","id":${tuple.idJson}}`);
  }

  #failTuple(tuple: MultilangTuple): void {
    tuple.state = FAILED;
    this.host.writer.writeJson(`{"command":"fail","id":${tuple.idJson}}`);
  }

  /** `,"anchors":[...]` for the given anchors, or a BasicBolt's current input; checked as the local engine does. */
  #anchorsPart(anchors: readonly Tuple[] | undefined, stream: string): string {
    if (anchors === undefined && this.#basic) {
      const current = this.#current;
      if (current === null) {
        throw this.error(
          'E_NOT_SUPPORTED',
          'a BasicBolt can emit only while execute runs (its emits are anchored to the input); emit from timers or prepare() in a Bolt',
          stream,
        );
      }
      return `,"anchors":[${this.#checkAnchor(current, stream).idJson}]`;
    }
    if (anchors === undefined || anchors.length === 0) return '';
    if (anchors.length === 1) return `,"anchors":[${this.#checkAnchor(anchors[0], stream).idJson}]`;
    let ids = '';
    for (let i = 0; i < anchors.length; i++) ids += (i === 0 ? '' : ',') + this.#checkAnchor(anchors[i], stream).idJson;
    return `,"anchors":[${ids}]`;
  }

  /** An anchor must be a live input of this task: ShellBolt kills the worker for anchoring to an acked id. */
  #checkAnchor(anchor: Tuple | undefined, stream: string): MultilangTuple {
    if (!(anchor instanceof MultilangTuple)) {
      throw this.error('E_INVALID_ANCHOR', 'anchored to something that is not an input tuple of this topology', stream);
    }
    if (anchor.state !== LIVE) throw anchorSettledError(anchor, anchor.state === ACKED, this.site(stream));
    return anchor;
  }

  #own(tuple: Tuple, what: string): MultilangTuple {
    if (!(tuple instanceof MultilangTuple)) throw this.error('E_INVALID_ANCHOR', `${what} of something that is not an input tuple`);
    if (tuple.state !== LIVE) throw alreadySettledError(what, tuple, tuple.state === ACKED, this.site());
    return tuple;
  }

  #checkNoMsgId(msgId: unknown, stream: string): void {
    if (msgId !== undefined) throw boltMsgIdError(this.site(stream));
  }

  #schema(component: string, stream: string): StreamSchema {
    let byStream = this.#schemas.get(component);
    if (byStream === undefined) {
      byStream = new Map();
      this.#schemas.set(component, byStream);
    }
    let schema = byStream.get(stream);
    if (schema === undefined) {
      const fields = component === '__system' && stream === '__tick' ? TICK_FIELDS : (this.#sourceFields[component]?.[stream] ?? NO_FIELDS);
      schema = new StreamSchema(component, stream, fields);
      byStream.set(stream, schema);
    }
    return schema;
  }
}
