/**
 * ShellBolt's writer thread (BoltWriterRunnable + ShellBoltMessageQueue), in order of priority: a raised heartbeat
 * flag first, then task-id replies, then tuples and other messages; one flushed write per message, each followed
 * by the `end` line. Honours the child's back-pressure (waits for `drain`), as Storm's blocking write does.
 */
import type { Writable } from 'node:stream';

/** What the writer asks of its owner. */
export interface ShellWriterHooks {
  /** The heartbeat frame to send now for a flag raised at `raisedAt` (the owner tracks it). */
  heartbeatFrame(raisedAt: number): string;
  /** Called with each frame as it is written. */
  onWrite(text: string): void;
  /**
   * Join everything queued into one write (not Storm's behaviour, which flushes each message): shows what a child
   * costs when frames arrive batched, as they do when the writer outruns the child.
   */
  readonly coalesce?: boolean;
}

/** The queues and the write loop of ShellBolt's writer (ShellSpout writes through it too, without heartbeats). */
export class ShellWriter {
  readonly #stdin: Writable;
  readonly #hooks: ShellWriterHooks;
  readonly #taskIds: string[] = [];
  readonly #messages: string[] = [];
  #heartbeatRaisedAt: number | undefined;
  #pumping = false;

  constructor(stdin: Writable, hooks: ShellWriterHooks) {
    this.#stdin = stdin;
    this.#hooks = hooks;
  }

  /** Queues a frame: task-id replies go before any queued message. */
  enqueue(text: string, kind: 'message' | 'task-ids'): void {
    (kind === 'task-ids' ? this.#taskIds : this.#messages).push(text);
    this.#pump();
  }

  /** Raises the heartbeat flag (a no-op if already raised): the heartbeat goes before anything queued. */
  raiseHeartbeat(now: number): void {
    this.#heartbeatRaisedAt ??= now;
    this.#pump();
  }

  #pump(): void {
    if (this.#pumping) return;
    this.#pumping = true;
    this.#step();
  }

  /** Writes until the queues are empty or the pipe is full (then again at 'drain'); a method, not a closure per pump. */
  readonly #step = (): void => {
    const stdin = this.#stdin;
    for (;;) {
      if (stdin.writableEnded || stdin.destroyed) break;
      let text: string | undefined;
      if (this.#heartbeatRaisedAt !== undefined) {
        text = this.#hooks.heartbeatFrame(this.#heartbeatRaisedAt);
        this.#heartbeatRaisedAt = undefined;
      } else text = this.#taskIds.shift() ?? this.#messages.shift();
      if (text === undefined) break;
      this.#hooks.onWrite(text);
      let chunk = `${text}\nend\n`;
      if (this.#hooks.coalesce === true) {
        for (
          let more = this.#taskIds.shift() ?? this.#messages.shift();
          more !== undefined;
          more = this.#taskIds.shift() ?? this.#messages.shift()
        ) {
          this.#hooks.onWrite(more);
          chunk += `${more}\nend\n`;
        }
      }
      if (!stdin.write(chunk)) {
        stdin.once('drain', this.#step);
        return;
      }
    }
    this.#pumping = false;
  };
}
