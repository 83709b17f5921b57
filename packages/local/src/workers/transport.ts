import { performance } from 'node:perf_hooks';
import type { XorAcker } from '../acker.ts';
import type { BoltExecutor } from '../bolt-executor.ts';
import { LocalTuple, UNTRACKED } from '../local-tuple.ts';
import type { NumberedSchema, TaskSink } from '../routing.ts';
import type { TreeBudget } from '../services.ts';
import type { LoopControl, ThreadLink } from '../thread-link.ts';
import { deepFreeze } from '../strict/deep-freeze.ts';
import { Doorbells } from './doorbell.ts';
import { PartitionedAcker } from './partitioned-acker.ts';
import { RemoteTask } from './remote-task.ts';
import { chunkCounts, RingReader, RingWriter, type RingMemory } from './ring.ts';
import { Rec, TupleFlag } from './wire-format.ts';
import { WireReader } from './wire-reader.ts';
import { WireWriter } from './wire-writer.ts';

/** A batch is published as soon as it reaches this size, whatever the loop is doing. */
const FLUSH_BYTES = 32 * 1024;
/** At the end of a loop round, batches of at least this many records are published; smaller ones wait for flush(true). */
const ROUND_FLUSH_RECORDS = 64;
/** Batches read from one other thread per loop round (the loop stays fair to local work and timers). */
const BATCHES_PER_ROUND = 1;
/** How soon a backlog that found a full ring is retried when the loop has nothing else to do. */
const BACKLOG_RETRY_MS = 1;
/**
 * How an idle thread waits for other threads, progressively as Storm's wait strategy: it checks its rings at every
 * event-loop turn for the first SPIN_MS (a pipeline's next batch is usually that close), then every POLL_MS until it
 * has been idle POLL_FOR_MS, then sleeps until a sender rings its bell (waking a thread costs the waker 20-100 µs under
 * load, a poll a few µs).
 */
const SPIN_MS = 0.25;
const POLL_MS = 1;
const POLL_FOR_MS = 20;

/** Everything a thread's transport is built from (all of it survives a postMessage: shared memory and numbers). */
export interface TransportSetup {
  thread: number;
  threads: number;
  incarnation: number;
  tasks: ReadonlySet<number>;
  /** The thread of every task, by task id. */
  threadOf: readonly number[];
  /** rings[from][to], null on the diagonal. */
  rings: ReadonlyArray<ReadonlyArray<RingMemory | null>>;
  doorbells: SharedArrayBuffer;
  /** Every stream's schema by its number. */
  schemas: readonly NumberedSchema[];
  treeBudget: TreeBudget | null;
  /** Strict mode: values read from other threads are frozen, as the emitting thread freezes what it delivers here. */
  freezeValues: boolean;
}

/** What this thread writes for one other thread. */
class Outbox {
  readonly writer = new WireWriter();
  /** Records in the writer. */
  records = 0;
  /** Encoded batches (chunks) that found the ring full, oldest first, with their record counts. */
  readonly waiting: Uint8Array[] = [];
  readonly waitingRecords: number[] = [];
  /** The last record in the writer was an ack of this root, at this position: the next ack of it is folded in. */
  lastAckRoot = -1;
  lastAckAt = -1;
  /** Bytes of waiting[0] already in the ring (its first chunks): the rest follows as continuation chunks. */
  writtenOfFirst = 0;

  constructor(readonly ring: RingWriter) {}
}

/**
 * One worker thread's end of the transport: per other thread, an outbox of batched records (tuples for its tasks,
 * acks and fails of its trees) published into a shared-memory ring, and a ring reader whose records go to this
 * thread's tasks and acker. Encoding is the wire format of wire-writer.ts; flushes happen at the end of every loop
 * round and whenever a batch reaches 32 KiB, so latency stays low at low rates and batches stay large at high ones.
 */
export class Transport implements ThreadLink {
  tasks: ReadonlySet<number>;
  readonly treeBudget: TreeBudget | null;
  readonly #thread: number;
  readonly #threads: number;
  readonly #incarnation: number;
  readonly #out: Array<Outbox | null>;
  readonly #in: Array<RingReader | null>;
  readonly #bells: Doorbells;
  readonly #schemas: readonly NumberedSchema[];
  readonly #freezeValues: boolean;
  #threadOf: readonly number[];
  readonly #rings: TransportSetup['rings'];
  readonly #reader = new WireReader();
  /** This thread's bolt executors by task id. */
  #bolts: Array<BoltExecutor | undefined> = [];
  #acker: PartitionedAcker | null = null;
  #loop: LoopControl | null = null;
  /** Values encoded once per emit, copied into each batch that gets a copy. */
  readonly #values = new WireWriter(1024);
  #encodedFor: readonly unknown[] | null = null;
  /** Records sent to / received from each thread (for the coordinator's quiet check) and waiting for room. */
  readonly sent: number[];
  readonly received: number[];
  #backlog = 0;
  #retryTimer: NodeJS.Timeout | null = null;
  #pollTimer: NodeJS.Timeout | null = null;
  #spinning = false;
  /** When the loop last found work in the rings (or was woken): polling stops after POLL_FOR_MS without any. */
  #busyAt = 0;
  /** Records handled by the current receive(). */
  #handled = 0;
  /** Something was published since the last sleep(): the thread was busy until now. */
  #justSent = false;

  constructor(setup: TransportSetup) {
    this.tasks = setup.tasks;
    this.treeBudget = setup.treeBudget;
    this.#thread = setup.thread;
    this.#threads = setup.threads;
    this.#incarnation = setup.incarnation;
    this.#schemas = setup.schemas;
    this.#freezeValues = setup.freezeValues;
    this.#threadOf = setup.threadOf;
    this.#rings = setup.rings;
    this.#bells = new Doorbells(setup.doorbells);
    this.#out = setup.rings[setup.thread]!.map((m) => (m === null ? null : new Outbox(new RingWriter(m))));
    this.#in = setup.rings.map((row) => {
      const m = row[setup.thread];
      return m === null || m === undefined ? null : new RingReader(m);
    });
    this.sent = new Array<number>(setup.threads).fill(0);
    this.received = new Array<number>(setup.threads).fill(0);
  }

  get backlog(): number {
    return this.#backlog;
  }

  /** Bytes published to this thread and not read yet, over every other thread (a queue depth for status). */
  get inboundBytes(): number {
    let n = 0;
    for (const r of this.#in) if (r !== null) n += r.backlog;
    return n;
  }

  /** Chunks this thread published into its rings and consumed from its rings, from the rings' shared counters. */
  chunkTotals(): { published: number; consumed: number } {
    let published = 0;
    let consumed = 0;
    for (let t = 0; t < this.#threads; t++) {
      const out = this.#rings[this.#thread]![t];
      if (out !== null && out !== undefined) published += chunkCounts(out).published;
      const inbound = this.#rings[t]![this.#thread];
      if (inbound !== null && inbound !== undefined) consumed += chunkCounts(inbound).consumed;
    }
    return { published, consumed };
  }

  remoteSink(taskId: number, componentId: string): TaskSink {
    const thread = this.#threadOf[taskId];
    if (thread === undefined || thread === this.#thread) throw new Error(`task ${taskId} of "${componentId}" is placed on no other thread`);
    return new RemoteTask(taskId, componentId, thread, this);
  }

  /** Tasks moved between threads (every thread was paused and still): stand-ins and the task set follow the new placement. */
  retarget(threadOf: readonly number[]): void {
    this.#threadOf = threadOf;
    const tasks = new Set<number>();
    threadOf.forEach((thread, task) => {
      if (thread === this.#thread) tasks.add(task);
    });
    this.tasks = tasks;
  }

  createAcker(now: () => number): XorAcker {
    this.#acker = new PartitionedAcker(now, this.#thread, this.#threads, this.#incarnation, this);
    return this.#acker;
  }

  attach(bolts: ReadonlyMap<number, BoltExecutor>, _acker: XorAcker, loop: LoopControl): void {
    const byTask: Array<BoltExecutor | undefined> = [];
    for (const [task, b] of bolts) byTask[task] = b;
    this.#bolts = byTask;
    this.#loop = loop;
  }

  encodeValues(values: readonly unknown[]): void {
    const w = this.#values;
    w.pos = 0;
    this.#encodedFor = null;
    for (let i = 0; i < values.length; i++) w.value(values[i]);
    this.#encodedFor = values;
  }

  sendTuple(thread: number, taskId: number, tuple: LocalTuple): void {
    const box = this.#out[thread]!;
    const w = box.writer;
    const start = w.pos;
    w.reserve(64);
    const bytes = w.bytes;
    const view = w.view;
    let p = w.pos;
    const tracked = tuple.root !== UNTRACKED;
    const more = tuple.more;
    bytes[p] = Rec.Tuple;
    bytes[p + 1] = tracked ? (more === null ? TupleFlag.Tracked : TupleFlag.Tracked | TupleFlag.More) : 0;
    view.setUint16(p + 2, (tuple.schema as NumberedSchema).wireId, true);
    view.setUint32(p + 4, taskId, true);
    view.setInt32(p + 8, tuple.sourceTask, true);
    p += 12;
    if (tracked) {
      view.setFloat64(p, tuple.root, true);
      view.setInt32(p + 8, tuple.edgeHi, true);
      view.setInt32(p + 12, tuple.edgeLo, true);
      p += 16;
    }
    w.pos = p;
    if (tracked && more !== null) {
      w.u32(more.length / 3);
      for (let i = 0; i < more.length; i += 3) {
        w.f64(more[i]!);
        w.i32(more[i + 1]!);
        w.i32(more[i + 2]!);
      }
    }
    const values = tuple.values;
    if (values === this.#encodedFor) w.append(this.#values);
    else {
      // One copy (the usual emit): encoded straight into the batch; refused whole if a value cannot cross.
      try {
        for (let i = 0; i < values.length; i++) w.value(values[i]);
      } catch (error) {
        w.pos = start;
        throw error;
      }
    }
    box.lastAckRoot = -1;
    this.#recorded(box, thread);
  }

  sendAck(thread: number, root: number, hi: number, lo: number): void {
    const box = this.#out[thread]!;
    const w = box.writer;
    if (box.lastAckRoot === root) {
      // Consecutive acks of one tree fold into one record: XOR is associative, the owner sees the same total.
      const at = box.lastAckAt;
      w.view.setInt32(at + 9, w.view.getInt32(at + 9, true) ^ hi, true);
      w.view.setInt32(at + 13, w.view.getInt32(at + 13, true) ^ lo, true);
      return;
    }
    w.reserve(17);
    const p = w.pos;
    w.bytes[p] = Rec.Ack;
    w.view.setFloat64(p + 1, root, true);
    w.view.setInt32(p + 9, hi, true);
    w.view.setInt32(p + 13, lo, true);
    w.pos = p + 17;
    box.lastAckRoot = root;
    box.lastAckAt = p;
    this.#recorded(box, thread);
  }

  sendFail(thread: number, root: number): void {
    const box = this.#out[thread]!;
    const w = box.writer;
    w.reserve(9);
    w.bytes[w.pos] = Rec.Fail;
    w.view.setFloat64(w.pos + 1, root, true);
    w.pos += 9;
    box.lastAckRoot = -1;
    this.#recorded(box, thread);
  }

  #recorded(box: Outbox, thread: number): void {
    // Produced outside the loop (a timer's ack, an async execute): run a slice, whose end publishes it.
    if (box.records++ === 0 && !this.#loop!.inSlice) this.#loop!.wake();
    this.#backlog++;
    if (box.writer.pos >= FLUSH_BYTES) this.#flushTo(box, thread);
  }

  flush(all: boolean): void {
    if (this.#backlog === 0) return;
    const out = this.#out;
    const min = all ? 1 : ROUND_FLUSH_RECORDS;
    for (let t = 0; t < out.length; t++) {
      const box = out[t];
      if (box !== null && box !== undefined && (box.records >= min || box.waiting.length > 0)) this.#flushTo(box, t);
    }
  }

  /** Publishes what waits for `thread`: older chunks that found the ring full first, then the current batch. */
  #flushTo(box: Outbox, thread: number): void {
    let published = false;
    while (box.waiting.length > 0) {
      if (!this.#write(box, box.waiting[0]!)) {
        // The first chunks of a batch larger than the ring may be in it: the reader must wake to make room for the rest.
        if (box.writtenOfFirst > 0) published = true;
        break;
      }
      box.waiting.shift();
      const records = box.waitingRecords.shift()!;
      this.#published(thread, records);
      published = true;
    }
    const w = box.writer;
    if (box.records > 0) {
      const records = box.records;
      if (box.waiting.length === 0 && w.pos <= box.ring.maxChunk && box.ring.tryWrite(w.bytes, 0, w.pos, false)) {
        this.#published(thread, records);
        published = true;
      } else {
        box.waiting.push(w.bytes.slice(0, w.pos));
        box.waitingRecords.push(records);
      }
      w.pos = 0;
      box.records = 0;
      box.lastAckRoot = -1;
    }
    // Rings the bell: free unless the thread is in deep sleep (idle for a while), and then only the first ring wakes it.
    if (published) this.#bells.ring(thread);
  }

  /** Writes a waiting batch, in chunks when it is larger than the ring takes at once; false when the ring is full. */
  #write(box: Outbox, batch: Uint8Array): boolean {
    const max = box.ring.maxChunk;
    let at = box.writtenOfFirst;
    while (at < batch.length) {
      const n = Math.min(max, batch.length - at);
      if (!box.ring.tryWrite(batch, at, n, at + n < batch.length, at > 0)) {
        // Chunks already written stay (the reader joins them); the rest waits, to go on where they end (no copy).
        box.writtenOfFirst = at;
        return false;
      }
      at += n;
    }
    box.writtenOfFirst = 0;
    return true;
  }

  #published(thread: number, records: number): void {
    this.#backlog -= records;
    this.sent[thread]! += records;
    this.#justSent = true;
  }

  receive(): number {
    this.#handled = 0;
    const readers = this.#in;
    for (let t = 0; t < readers.length; t++) {
      const r = readers[t];
      if (r === null || r === undefined || !r.hasData) continue;
      const before = this.#handled;
      r.read(this.#handle, BATCHES_PER_ROUND);
      this.received[t]! += this.#handled - before;
    }
    if (this.#handled > 0) this.#busyAt = performance.now();
    return this.#handled;
  }

  readonly #handle = (bytes: Uint8Array, view: DataView, start: number, length: number): void => {
    const r = this.#reader;
    r.reset(bytes, view, start);
    const end = start + length;
    const acker = this.#acker!;
    while (r.pos < end) {
      const kind = bytes[r.pos++];
      if (kind === Rec.Tuple) this.#tuple(r);
      else if (kind === Rec.Ack) {
        const root = r.f64();
        const hi = r.i32();
        acker.updateOwn(root, hi, r.i32());
      } else if (kind === Rec.Fail) acker.failOwn(r.f64());
      else throw new Error(`corrupt batch between worker threads: record kind ${String(kind)} at byte ${r.pos - 1}`);
      this.#handled++;
    }
  };

  #tuple(r: WireReader): void {
    const flags = r.u8();
    const schema = this.#schemas[r.u16()]!;
    const task = r.u32();
    const source = r.i32();
    let root = UNTRACKED;
    let hi = 0;
    let lo = 0;
    let more: number[] | null = null;
    if ((flags & TupleFlag.Tracked) !== 0) {
      root = r.f64();
      hi = r.i32();
      lo = r.i32();
      if ((flags & TupleFlag.More) !== 0) {
        const n = r.u32();
        more = new Array<number>(3 * n);
        for (let i = 0; i < 3 * n; i += 3) {
          more[i] = r.f64();
          more[i + 1] = r.i32();
          more[i + 2] = r.i32();
        }
      }
    }
    const n = schema.fields.length;
    const values = new Array<unknown>(n);
    for (let i = 0; i < n; i++) values[i] = r.value();
    if (this.#freezeValues) deepFreeze(values);
    const bolt = this.#bolts[task];
    if (bolt === undefined) throw new Error(`a batch for task ${task}, which this worker thread does not run`);
    bolt.enqueue(new LocalTuple(values, schema, source, root, hi, lo, more));
  }

  #nothingWaiting = (): boolean => {
    for (const r of this.#in) if (r !== null && r.hasData) return false;
    return true;
  };

  sleep(wake: () => void): void {
    if (this.#justSent) {
      this.#justSent = false;
      this.#busyAt = performance.now();
    }
    if (this.#backlog > 0) {
      if (this.#retryTimer === null)
        this.#retryTimer = setTimeout(() => {
          this.#retryTimer = null;
          wake();
        }, BACKLOG_RETRY_MS);
      return;
    }
    const idle = performance.now() - this.#busyAt;
    if (idle < SPIN_MS) {
      if (!this.#spinning) {
        this.#spinning = true;
        setImmediate(() => {
          this.#spinning = false;
          if (!this.#nothingWaiting()) wake();
          else this.sleep(wake);
        });
      }
      return;
    }
    if (idle < POLL_FOR_MS) {
      if (this.#pollTimer === null)
        this.#pollTimer = setTimeout(() => {
          this.#pollTimer = null;
          if (!this.#nothingWaiting()) wake();
          else this.sleep(wake);
        }, POLL_MS);
      return;
    }
    this.#bells.sleep(this.#thread, this.#nothingWaiting, () => {
      this.#busyAt = performance.now();
      wake();
    });
  }
}
