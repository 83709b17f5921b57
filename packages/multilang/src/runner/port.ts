import {
  TwinstormError,
  type ComponentSpec,
  type ErrorSite,
  type LogLevel,
  type TopologyContext,
  type Tuple,
  type TwinstormErrorCode,
} from '@twinstorm/core';
import { checkEmitShape, errorMessage, undeclaredStreamError, type RuntimePort } from '@twinstorm/core/runtime';
import { stringifyStormJson } from '../codec/storm-json.ts';
import type { FrameWriter } from '../codec/frame-writer.ts';
import { MultilangError } from '../errors.ts';
import { preview } from './preview.ts';

/** What a session needs from the run that owns it: the output, the fatal-error exit, and input flow control. */
export interface SessionHost {
  readonly writer: FrameWriter;
  /** Ends the run with this error: `error` command, stderr line, exit code. */
  fatal(error: MultilangError): void;
  /** Stop reading input (too much queued); the host keeps Storm's heartbeat alive meanwhile. */
  pauseInput(): void;
  resumeInput(): void;
}

/** One declared output stream, with the parts of its emit frames computed once. */
export interface OutputInfo {
  readonly stream: string;
  readonly fields: readonly string[];
  readonly direct: boolean;
  /** `"stream":"<id>",` (empty for the default stream, which is Storm's default). */
  readonly streamPart: string;
}

const LEVELS: Readonly<Record<LogLevel, number>> = { trace: 0, debug: 1, info: 2, warn: 3, error: 4 };

/** The frame Storm's ShellBolt and ShellSpout both accept as "alive, nothing else to say". */
export const SYNC_JSON = '{"command":"sync"}';

/**
 * What bolt and spout sessions share as RuntimePorts: emit validation with the local engine's error codes and
 * messages (so nothing Storm would kill the worker for is ever sent), Storm's `log` / `error` / `metrics`
 * commands, and the FIFO of task-id replies (Storm answers `need_task_ids: true` emits in order).
 */
export abstract class ChildPort implements RuntimePort {
  readonly #outputs = new Map<string, OutputInfo>();
  #lastStream = '';
  #lastOutput: OutputInfo | undefined;
  /** Resolvers of emits waiting for their task ids, oldest first. */
  readonly #taskIdWaiters: Array<(ids: readonly number[]) => void> = [];
  #taskIdHead = 0;
  /** Emits sent so far (a spout's `next` that emitted nothing backs off before its sync). */
  emitted = 0;
  /** Ends the run with a fatal error (bound, to hand to callbacks). */
  protected readonly fatal = (error: MultilangError): void => this.host.fatal(error);

  constructor(
    protected readonly host: SessionHost,
    readonly spec: ComponentSpec,
    readonly context: TopologyContext,
  ) {
    for (const [stream, decl] of Object.entries(spec.streams)) {
      this.#outputs.set(stream, {
        stream,
        fields: decl.fields,
        direct: decl.direct,
        streamPart: stream === 'default' ? '' : `"stream":${JSON.stringify(stream)},`,
      });
    }
  }

  abstract emit(stream: string, values: readonly unknown[], anchors: readonly Tuple[] | undefined, msgId: unknown): void;
  abstract emitDirect(
    taskId: number,
    stream: string,
    values: readonly unknown[],
    anchors: readonly Tuple[] | undefined,
    msgId: unknown,
  ): void;
  abstract ack(tuple: Tuple): void;
  abstract fail(tuple: Tuple): void;

  /** Sends the emit with `need_task_ids: true`; resolves when Storm's task-id reply for it arrives. */
  emitWithTaskIds(
    stream: string,
    values: readonly unknown[],
    anchors: readonly Tuple[] | undefined,
    msgId: unknown,
  ): Promise<readonly number[]> {
    let json: string;
    try {
      json = this.emitJson(stream, values, anchors, msgId, true);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    return new Promise((resolve) => {
      this.#taskIdWaiters.push(resolve);
      this.host.writer.writeJson(json);
    });
  }

  /** Builds (validating everything) the JSON of a plain emit; the subclass decides anchors or msgId. */
  protected abstract emitJson(
    stream: string,
    values: readonly unknown[],
    anchors: readonly Tuple[] | undefined,
    msgId: unknown,
    needTaskIds: boolean,
  ): string;

  /** A task-id reply arrived: it answers the oldest emit still waiting. */
  taskIdsArrived(ids: readonly unknown[]): void {
    const resolve = this.#taskIdWaiters[this.#taskIdHead];
    if (resolve === undefined) {
      this.host.fatal(new MultilangError('E_PROTOCOL', `received task ids ${preview(ids)} but no emit asked for them`));
      return;
    }
    if (!ids.every((id) => typeof id === 'number' && Number.isInteger(id))) {
      this.host.fatal(new MultilangError('E_PROTOCOL', `a task-id reply must be a list of integers, got ${preview(ids)}`));
      return;
    }
    this.#taskIdWaiters[this.#taskIdHead] = undefined as never;
    this.#taskIdHead++;
    if (this.#taskIdHead === this.#taskIdWaiters.length) {
      this.#taskIdWaiters.length = 0;
      this.#taskIdHead = 0;
    }
    resolve(ids as readonly number[]);
  }

  reportError(error: unknown): void {
    this.host.writer.writeJson(`{"command":"error","msg":${JSON.stringify(describeError(error))}}`);
  }

  log(message: string, level: LogLevel): void {
    const n = LEVELS[level] ?? LEVELS.info;
    this.host.writer.writeJson(`{"command":"log","msg":${JSON.stringify(String(message))},"level":${n}}`);
  }

  /** Storm's `metrics` command: updates an IShellMetric registered under `name` on the Java side. */
  metrics(name: string, params: unknown): void {
    if (typeof name !== 'string' || name.length === 0) throw this.error('E_INVALID_VALUE', 'a metric needs a non-empty name');
    const json = this.#serialize(params, undefined, 'metric params');
    this.host.writer.writeJson(`{"command":"metrics","name":${JSON.stringify(name)},"params":${json}}`);
  }

  /** Where an error happened: this task, and a stream. */
  protected site(stream?: string): ErrorSite {
    return { component: this.spec.id, task: this.context.taskId, stream };
  }

  /** An error naming this task (and a stream), as the local engine words it. */
  protected error(code: TwinstormErrorCode, message: string, stream?: string): TwinstormError {
    return new TwinstormError(code, message, this.site(stream));
  }

  /** Looks up and validates the stream, the values and the field count of an emit (the local engine's checks). */
  protected output(stream: string, values: readonly unknown[], direct: boolean): OutputInfo {
    const out = stream === this.#lastStream ? this.#lastOutput : this.#outputs.get(stream);
    if (out === undefined) throw undeclaredStreamError(this.#outputs.keys(), this.site(stream));
    this.#lastStream = stream;
    this.#lastOutput = out;
    checkEmitShape(values, out.fields, out.direct, direct, this.site(stream));
    return out;
  }

  /** Checks a direct emit's target: Storm casts it to an int task id. */
  protected directTask(taskId: number, stream: string): string {
    if (typeof taskId !== 'number' || !Number.isSafeInteger(taskId) || taskId <= 0) {
      throw this.error('E_INVALID_VALUE', `emitDirect needs a positive integer task id, got ${String(taskId)}`, stream);
    }
    return `,"task":${taskId}`;
  }

  /** The values as Storm's JSON, or a TwinstormError naming the stream when Storm cannot carry them. */
  protected values(values: readonly unknown[], stream: string): string {
    return this.#serialize(values, stream, 'the values');
  }

  #serialize(value: unknown, stream: string | undefined, what: string): string {
    try {
      return stringifyStormJson(value);
    } catch (error) {
      const reason = errorMessage(error);
      throw this.error('E_INVALID_VALUE', `${what} cannot be sent to Storm: ${reason.replace('the top-level value', what)}`, stream);
    }
  }
}

/** An error as Storm's UI shows it: the stack when there is one (it starts with the message). */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}
