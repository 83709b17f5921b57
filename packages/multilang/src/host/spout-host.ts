import { DEFAULT_STREAM, type Spout } from '@twinstorm/core';
import { commandOf, messagePreview, ProtocolViolation, readEmit, type ShellMessage } from './shell-message.ts';
import { ShellHost } from './shell-host.ts';
import type { ShellChild, ShellLaunch } from './shell-child.ts';
import { errorMessage } from '@twinstorm/core/runtime';

/** The requests Storm's ShellSpout sends; each is answered by zero or more emits/logs/errors, then `sync`. */
export type SpoutRequest = 'activate' | 'deactivate' | 'next' | 'ack' | 'fail';

interface Pending {
  readonly command: SpoutRequest;
  readonly id: unknown;
  readonly done: () => void;
}

/**
 * The message id the engine tracks for a child's reliable emit: the child's own id plus the subprocess it came
 * from, so acks and fails of tuples emitted by a subprocess that has since died are not sent to its successor.
 */
export class ShellMsgId {
  constructor(
    readonly generation: number,
    readonly id: unknown,
  ) {}
}

/**
 * Storm's ShellSpout, host side: strictly request/reply — one request (`activate`, `next`, `ack`, `fail`,
 * `deactivate`, each with `id`) at a time, answered by emits, logs and errors and closed by `sync`. The child may
 * take at most the subprocess timeout to answer a request; anything but emit/log/error/metrics/sync is fatal.
 */
export class SpoutHost extends ShellHost {
  readonly #queue: Pending[] = [];
  #outstanding: Pending | null = null;
  /** Whether the spout is active, so a respawned child is activated again. */
  #active = false;

  constructor(
    private readonly spout: Spout,
    launch: ShellLaunch,
    cls: unknown,
  ) {
    super(spout, launch, cls);
  }

  /** Sends a request and resolves when the child has answered it with `sync` (or died, or was closed). */
  request(command: SpoutRequest, id: unknown = ''): Promise<void> {
    if (command === 'activate') this.#active = true;
    if (command === 'deactivate') this.#active = false;
    if (this.gaveUp || this.closing) return Promise.resolve();
    return new Promise((done) => {
      this.#queue.push({ command, id, done });
      if (this.child !== null) this.#pump(this.child);
    });
  }

  /** Forwards a tree completion to the child that emitted the tuple (dropped if that child has died since). */
  complete(msgId: unknown, acked: boolean): void {
    if (!(msgId instanceof ShellMsgId)) return;
    if (msgId.generation !== this.generation) {
      this.warnOnce(
        'stale',
        `a tuple emitted by a subprocess that has since died was ${acked ? 'acked' : 'failed'}: dropped, its successor does not know the id (the source must replay what a dead spout emitted, as after a worker restart on Storm)`,
      );
      return;
    }
    void this.request(acked ? 'ack' : 'fail', msgId.id);
  }

  protected override onReady(child: ShellChild): void {
    // A respawned child starts inactive: activate it first if the spout is active (a first child is activated by the engine).
    if (this.generation > 0 && this.#active) this.#queue.unshift({ command: 'activate', id: '', done: () => undefined });
    this.#pump(child);
  }

  protected override onTick(child: ShellChild, now: number): void {
    if (this.#outstanding === null || now - this.lastHeard <= this.settings.timeoutMs) return;
    this.fatal(
      child,
      'E_HEARTBEAT_TIMEOUT',
      `did not answer "${this.#outstanding.command}" within ${this.settings.timeoutMs / 1000} s: subprocess heartbeat timeout (topology.subprocess.timeout.secs)`,
    );
  }

  protected override onDeath(): string {
    const what = this.#outstanding?.command;
    this.#releaseAll();
    return what === undefined ? 'no request was outstanding' : `the outstanding "${what}" request was abandoned`;
  }

  protected override onGiveUp(): void {
    this.#releaseAll();
  }

  protected override handle(child: ShellChild, message: unknown): void {
    const msg = commandOf(message, 'spout');
    switch (msg.command) {
      case 'sync': {
        const answered = this.#outstanding;
        if (answered === null) {
          throw new ProtocolViolation(
            'E_PROTOCOL',
            'sent "sync" with no request outstanding (Storm would take it as the answer to its next request)',
          );
        }
        this.#outstanding = null;
        answered.done();
        this.#pump(child);
        return;
      }
      case 'emit':
        this.#emit(child, msg);
        return;
      case 'log':
      case 'error':
      case 'metrics':
        this.reportFromChild(msg);
        return;
      default:
        throw new ProtocolViolation(
          'E_UNKNOWN_COMMAND',
          `sent command "${msg.command}": a spout may send only emit, log, error, metrics and sync (Storm: "Unknown command received")`,
        );
    }
  }

  #emit(child: ShellChild, msg: ShellMessage): void {
    const emit = readEmit(msg);
    const reliable = emit.id !== undefined && emit.id !== null;
    const opts = { stream: emit.stream ?? DEFAULT_STREAM, ...(reliable ? { msgId: new ShellMsgId(this.generation, emit.id) } : {}) };
    if (emit.task !== undefined) {
      this.spout.emitDirect(emit.task, emit.tuple, opts);
      return;
    }
    if (!emit.needTaskIds) {
      this.spout.emit(emit.tuple, opts);
      return;
    }
    // Storm writes the ids at once, before reading the child's next message; the local emit resolves them at once too.
    void this.spout.emitWithTaskIds(emit.tuple, opts).then(
      (tasks) => {
        if (this.isCurrent(child)) child.write([...tasks]);
      },
      (error: unknown) => this.fatal(child, 'E_PROTOCOL', `emitted ${messagePreview(msg)}, which failed: ${errorMessage(error)}`),
    );
  }

  #pump(child: ShellChild): void {
    if (this.#outstanding !== null || !this.isCurrent(child)) return;
    const next = this.#queue.shift();
    if (next === undefined) return;
    this.#outstanding = next;
    // Storm's markWaitingSubprocess: the timeout counts from the request.
    this.lastHeard = Date.now();
    child.write({ command: next.command, id: next.id });
  }

  #releaseAll(): void {
    const all = this.#outstanding === null ? this.#queue.splice(0) : [this.#outstanding, ...this.#queue.splice(0)];
    this.#outstanding = null;
    for (const p of all) p.done();
  }
}
