import { MultilangError } from '../errors.ts';
import { stringifyStormJson } from './storm-json.ts';

/** Options of a FrameWriter. */
export interface FrameWriterOptions {
  /** Queued text (UTF-16 units) at which a write goes out at once instead of at the end of the turn; default 64 Ki. */
  flushThreshold?: number;
  /** Called once if the output fails (closed pipe, write error); later writes are dropped. */
  onError?: (error: MultilangError) => void;
}

const FRAME_END = '\nend\n';

/**
 * What a FrameWriter writes to: any Node writable stream fits; so does a thin adapter onto process.stdout's original
 * write (the stdout guard's protocol output), which saves a stream layer per write.
 */
export interface FrameOutput {
  write(chunk: string, callback?: (error?: Error | null) => void): boolean;
  once(event: 'drain', listener: () => void): unknown;
  on(event: 'error' | 'close', listener: (error?: Error) => void): unknown;
  readonly writableLength?: number;
}

/**
 * Writes multilang frames (JSON + `\nend\n`). Frames written during one event-loop turn go out as a single write
 * (at setImmediate, or at once past `flushThreshold`), which keeps syscalls per tuple far below one. When the
 * output reports back-pressure (write returns false) nothing more is handed to it until 'drain'; frames queue here
 * meanwhile, and `blocked` / `pendingBytes` / `drained()` tell the caller to stop pulling work.
 */
export class FrameWriter {
  readonly #output: FrameOutput;
  readonly #threshold: number;
  readonly #onError: ((error: MultilangError) => void) | undefined;
  #queue = '';
  #scheduled = false;
  /** hold() depth: while above zero, frames queue without scheduling a flush (release() writes them). */
  #held = 0;
  #blocked = false;
  #failed = false;
  #closed = false;
  #flushWaiters: Array<() => void> = [];
  #drainWaiters: Array<() => void> = [];
  readonly #flushSoon = (): void => {
    this.#scheduled = false;
    this.#flushNow();
  };
  readonly #onDrain = (): void => {
    this.#blocked = false;
    this.#flushNow();
    this.#settleDrainWaiters();
    this.#confirmFlushes();
  };

  constructor(output: FrameOutput | NodeJS.WritableStream, options: FrameWriterOptions = {}) {
    this.#output = output;
    this.#threshold = options.flushThreshold ?? 64 * 1024;
    this.#onError = options.onError;
    this.#output.on('error', (error) => this.#fail(error ?? new Error('output error')));
    this.#output.on('close', () => {
      this.#closed = true;
      this.#settleDrainWaiters();
      this.#resolveFlushes();
    });
  }

  /** Text queued here plus bytes the output still buffers (approximate: UTF-16 units for the queued text). */
  get pendingBytes(): number {
    return this.#queue.length + (this.#output.writableLength ?? 0);
  }

  /** True while the output has signalled back-pressure and not drained yet: stop producing work. */
  get blocked(): boolean {
    return this.#blocked;
  }

  /** True once the output failed; writes are dropped from then on. */
  get failed(): boolean {
    return this.#failed;
  }

  /** Queues one frame; throws E_UNSERIALIZABLE (queuing nothing) when Storm could not read the message. */
  write(message: object): void {
    this.writeJson(stringifyStormJson(message));
  }

  /** Queues one frame whose JSON text the caller produced itself (the runner's hot path splices pre-built parts). */
  writeJson(json: string): void {
    if (this.#failed) return;
    this.#queue += json + FRAME_END;
    if (this.#queue.length >= this.#threshold) this.#flushNow();
    else if (!this.#scheduled && this.#held === 0) {
      this.#scheduled = true;
      setImmediate(this.#flushSoon);
    }
  }

  /**
   * Until the matching release(), frames queue without scheduling an end-of-turn flush (the threshold still
   * applies). The runner holds while it handles one input chunk, so each wake-up ends with exactly one write, made
   * synchronously, without an extra setImmediate.
   */
  hold(): void {
    this.#held++;
  }

  /** Ends a hold(): the outermost release writes what is queued at once (one write, unless back-pressured). */
  release(): void {
    if (this.#held > 0 && --this.#held === 0) this.#flushNow();
  }

  /** Hands everything queued to the output and resolves once the output has taken it (or failed, or closed). */
  flush(): Promise<void> {
    return new Promise((resolve) => {
      this.#flushWaiters.push(resolve);
      this.#confirmFlushes();
    });
  }

  /** Resolves when the output is not back-pressured (at once if it is not now). */
  drained(): Promise<void> {
    if (!this.#blocked || this.#failed || this.#closed) return Promise.resolve();
    return new Promise((resolve) => this.#drainWaiters.push(resolve));
  }

  #flushNow(): void {
    if (this.#blocked || this.#failed || this.#queue.length === 0) return;
    const text = this.#queue;
    this.#queue = '';
    let accepted: boolean;
    try {
      accepted = this.#output.write(text);
    } catch (error) {
      this.#fail(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    if (!accepted) {
      this.#blocked = true;
      this.#output.once('drain', this.#onDrain);
    }
  }

  /**
   * Writes what is queued, then an empty write whose callback (streams call back in order) says the output has
   * taken everything before it. No callback rides on ordinary writes: that keeps the common path lean.
   */
  #confirmFlushes(): void {
    if (this.#flushWaiters.length === 0) return;
    if (this.#failed || this.#closed) {
      this.#resolveFlushes();
      return;
    }
    this.#flushNow();
    if (this.#blocked) return; // #onDrain comes back here
    const waiters = this.#flushWaiters;
    this.#flushWaiters = [];
    const done = (): void => {
      for (const resolve of waiters) resolve();
    };
    try {
      this.#output.write('', done);
    } catch (error) {
      this.#fail(error instanceof Error ? error : new Error(String(error)));
      done();
    }
  }

  #resolveFlushes(): void {
    const waiters = this.#flushWaiters;
    this.#flushWaiters = [];
    for (const resolve of waiters) resolve();
  }

  #settleDrainWaiters(): void {
    if (this.#drainWaiters.length === 0 || (this.#blocked && !this.#failed && !this.#closed)) return;
    const waiters = this.#drainWaiters;
    this.#drainWaiters = [];
    for (const resolve of waiters) resolve();
  }

  #fail(error: Error): void {
    if (this.#failed) return;
    this.#failed = true;
    this.#queue = '';
    this.#onError?.(new MultilangError('E_OUTPUT', `writing to the peer failed: ${error.message}`, {}, { cause: error }));
    this.#settleDrainWaiters();
    this.#resolveFlushes();
  }
}
