import { DEFAULT_STREAM, type Bolt, type Tuple } from '@twinstorm/core';
import { commandOf, messagePreview, ProtocolViolation, readEmit, type ShellMessage } from './shell-message.ts';
import { ShellHost } from './shell-host.ts';
import type { ShellChild, ShellLaunch } from './shell-child.ts';
import { errorMessage } from '@twinstorm/core/runtime';

/** Storm's heartbeat tuple: stream `__heartbeat`, task -1, `comp` null, no values. */
const HEARTBEAT_STREAM = '__heartbeat';

/** A tuple waiting for room in the subprocess (or for a subprocess). */
interface Waiting {
  readonly tuple: Tuple;
  readonly written: () => void;
}

/**
 * Storm's ShellBolt, host side: input tuples go to the child as `{id, comp, stream, task, tuple}` under string ids,
 * the child's commands act on them (emit with anchors by id, ack, fail, log, error, metrics, sync), task-id replies
 * go back in emit order, a heartbeat goes out every second and silence beyond the subprocess timeout is fatal.
 * At most `topology.shellbolt.max.pending` tuples are held by the child; beyond that `execute` resolves only when
 * the child has room, so the engine's own back-pressure applies.
 */
export class BoltHost extends ShellHost {
  /** Tuples the child holds: sent, not yet acked or failed. */
  readonly #held = new Map<string, Tuple>();
  readonly #waiting: Waiting[] = [];
  #waitingHead = 0;
  #nextId = 0;
  /** Task-id replies are written in emit order, whenever each emit's ids are known. */
  #replies: Promise<void> = Promise.resolve();

  constructor(
    private readonly bolt: Bolt,
    launch: ShellLaunch,
    cls: unknown,
  ) {
    super(bolt, launch, cls);
  }

  /** Sends one input tuple to the child; returns a Promise only when it must wait for room. */
  execute(tuple: Tuple): void | Promise<void> {
    if (this.gaveUp || this.closing) {
      this.bolt.fail(tuple);
      return;
    }
    const child = this.child;
    if (child !== null && this.#held.size < this.settings.maxPending && this.#waitingHead === this.#waiting.length) {
      this.#send(child, tuple);
      return;
    }
    return new Promise((written) => this.#waiting.push({ tuple, written }));
  }

  protected override onReady(child: ShellChild): void {
    this.#pump(child);
  }

  protected override onTick(child: ShellChild, now: number): void {
    if (now - this.lastHeard > this.settings.timeoutMs) {
      this.fatal(
        child,
        'E_HEARTBEAT_TIMEOUT',
        `sent nothing for ${now - this.lastHeard} ms: subprocess heartbeat timeout (${this.settings.timeoutMs / 1000} s, topology.subprocess.timeout.secs)`,
      );
      return;
    }
    child.write({ id: this.#newId(), comp: null, stream: HEARTBEAT_STREAM, task: -1, tuple: [] });
  }

  protected override onDeath(): string {
    const held = [...this.#held.values()];
    this.#held.clear();
    for (const tuple of held) this.#failQuietly(tuple);
    return held.length === 0 ? 'it held no tuples' : `failed the ${held.length} tuple(s) it held, so their spouts can replay them`;
  }

  protected override onGiveUp(): void {
    const waiting = this.#waiting.splice(this.#waitingHead);
    this.#waiting.length = 0;
    this.#waitingHead = 0;
    for (const w of waiting) {
      if (!this.closing) this.#failQuietly(w.tuple);
      w.written();
    }
  }

  protected override handle(child: ShellChild, message: unknown): void {
    const msg = commandOf(message, 'bolt');
    switch (msg.command) {
      case 'ack':
      case 'fail': {
        const tuple = this.#take(msg, msg.command);
        if (msg.command === 'ack') this.bolt.ack(tuple);
        else this.bolt.fail(tuple);
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
      case 'sync':
        return;
      default:
        // Storm's ShellBolt ignores commands it does not know; say so once.
        this.warnOnce(
          `command:${msg.command}`,
          `subprocess sent unknown command "${msg.command}", ignored as Storm's ShellBolt ignores it`,
        );
    }
  }

  #emit(child: ShellChild, msg: ShellMessage): void {
    const emit = readEmit(msg);
    const anchors = emit.anchors.map((id) => {
      const tuple = this.#held.get(id);
      if (tuple === undefined)
        throw new ProtocolViolation('E_PROTOCOL', `anchored onto ${JSON.stringify(id)} after ack/fail (or an id it was never sent)`);
      return tuple;
    });
    const opts = { stream: emit.stream ?? DEFAULT_STREAM, anchors };
    if (emit.task !== undefined) {
      this.bolt.emitDirect(emit.task, emit.tuple, opts);
      return;
    }
    if (!emit.needTaskIds) {
      this.bolt.emit(emit.tuple, opts);
      return;
    }
    const ids = this.bolt.emitWithTaskIds(emit.tuple, opts);
    this.#replies = this.#replies.then(() =>
      ids.then(
        (tasks) => {
          if (this.isCurrent(child)) child.write([...tasks]);
        },
        (error: unknown) => this.fatal(child, 'E_PROTOCOL', `emitted ${messagePreview(msg)}, which failed: ${errorMessage(error)}`),
      ),
    );
  }

  #take(msg: ShellMessage, what: 'ack' | 'fail'): Tuple {
    const id = msg['id'];
    const tuple = typeof id === 'string' ? this.#held.get(id) : undefined;
    if (tuple === undefined) {
      const verb = what === 'ack' ? 'acked' : 'failed';
      throw new ProtocolViolation('E_PROTOCOL', `${verb} a non-existent or already acked/failed id: ${messagePreview(id)}`);
    }
    this.#held.delete(id as string);
    return tuple;
  }

  #send(child: ShellChild, tuple: Tuple): void {
    const id = this.#newId();
    this.#held.set(id, tuple);
    child.write({ id, comp: tuple.sourceComponent, stream: tuple.sourceStream, task: tuple.sourceTask, tuple: tuple.values });
  }

  /** Moves waiting tuples to the child while it has room. */
  #pump(child: ShellChild): void {
    while (this.#waitingHead < this.#waiting.length && this.#held.size < this.settings.maxPending && this.isCurrent(child)) {
      const w = this.#waiting[this.#waitingHead++]!;
      this.#send(child, w.tuple);
      w.written();
    }
    if (this.#waitingHead === this.#waiting.length) {
      this.#waiting.length = 0;
      this.#waitingHead = 0;
    }
  }

  #failQuietly(tuple: Tuple): void {
    try {
      this.bolt.fail(tuple);
    } catch (error) {
      this.bolt.log(`could not fail a tuple the subprocess held: ${errorMessage(error)}`, 'warn');
    }
  }

  #newId(): string {
    return String(++this.#nextId);
  }
}
