import { Bolt } from './bolt.ts';
import type { Conf } from './conf.ts';
import { BATCH_TICK_SECS, readBatchSettings, type BatchSettings } from './batch-settings.ts';
import type { TopologyContext } from './topology-context.ts';
import { errorMessage, TwinstormError, type ErrorSite } from './errors.ts';
import type { Tuple } from './tuple.ts';

/** A batch handed to `writeBatch`: the entries (what `toEntry` made of each tuple) and their tuples, in arrival order. */
export interface Batch<Entry> {
  readonly entries: readonly Entry[];
  readonly tuples: readonly Tuple[];
  /** The sum of `entryBytes` over the batch (0 when `twinstorm.batch.max.bytes` is off). */
  readonly bytes: number;
}

/** Counts of one task's batches, for tests, status and benchmarks. */
export interface BatchStats {
  written: number;
  failed: number;
  tuplesAcked: number;
  tuplesFailed: number;
}

class OpenBatch<Entry> implements Batch<Entry> {
  readonly entries: Entry[] = [];
  readonly tuples: Tuple[] = [];
  bytes = 0;
}

/**
 * A bolt that writes its input in batches (a database sink, a bulk API): tuples are collected into a batch that is
 * written when it holds `twinstorm.batch.max.tuples` tuples or `twinstorm.batch.max.bytes` bytes, or at the next tick
 * tuple (`topology.tick.tuple.freq.secs`, 1 s unless the topology or the component sets it), whichever comes first.
 * The batch's tuples are acked only after `writeBatch` resolved, and all failed (so the spout replays them) when it
 * rejects. Writes of one task run one at a time, in order; while one runs the next batch fills, and when that one is
 * full too, execute waits (back-pressure through `twinstorm.bolt.max.concurrency`). `cleanup` writes what is left.
 */
export abstract class BatchingBolt<Entry = Tuple> extends Bolt {
  /** Component conf the builder fills in when neither the topology nor the component sets the key: a tick every second. */
  static readonly componentConfDefaults: Conf = { 'topology.tick.tuple.freq.secs': BATCH_TICK_SECS };

  /** Build-time check of the batch keys (and that a batch cannot outlive the message timeout). */
  static checkConf(conf: Conf): void {
    readBatchSettings(conf, {});
  }

  #settings: BatchSettings | undefined;
  #site: ErrorSite = {};
  #open = new OpenBatch<Entry>();
  /** Full (or ticked) batches waiting for the writer, oldest first. */
  readonly #queue: OpenBatch<Entry>[] = [];
  #writer: Promise<void> | null = null;
  /** Resolved (and replaced) each time the writer takes a batch off the queue: waiting executes look again. */
  #taken = signal();
  readonly #stats: BatchStats = { written: 0, failed: 0, tuplesAcked: 0, tuplesFailed: 0 };

  /**
   * Writes one batch durably; resolve only when it is durable (committed, acknowledged). Rejecting fails every tuple of
   * the batch. May emit, anchored to the batch's tuples, before it resolves.
   */
  abstract writeBatch(batch: Batch<Entry>): Promise<void>;

  /** What the batch holds for a tuple (a row, a request entry); throwing fails this tuple alone. Default: the tuple. */
  toEntry(tuple: Tuple): Entry {
    return tuple as unknown as Entry;
  }

  /** An entry's size in bytes for `twinstorm.batch.max.bytes`; default: an estimate of the tuple's values. */
  entryBytes(_entry: Entry, tuple: Tuple): number {
    return approximateBytes(tuple.values);
  }

  constructor() {
    super();
    // Wrapped on the instance so the settings are read before a subclass's prepare and the last batch is written
    // before its cleanup closes the connection, without relying on super calls.
    const prepare = this.prepare.bind(this);
    const cleanup = this.cleanup.bind(this);
    this.prepare = (conf: Conf, context: TopologyContext) => {
      this.#site = { component: context.componentId, task: context.taskId };
      this.#settings = readBatchSettings(conf, this.#site);
      return prepare(conf, context);
    };
    this.cleanup = async () => {
      await this.flushNow();
      await cleanup();
    };
  }

  /** Adds the tuple to the open batch (a tick closes the open batch); waits first while a full batch is queued. */
  override execute(tuple: Tuple): void | Promise<void> {
    if (tuple.isTick()) {
      this.ack(tuple);
      this.#closeOpen();
      return;
    }
    if (this.#queue.length > 0) return this.#addWhenRoom(tuple);
    this.#add(tuple);
  }

  /** Writes the open batch now and resolves when every batch so far is written (or failed). */
  async flushNow(): Promise<void> {
    this.#closeOpen();
    while (this.#writer !== null) await this.#writer;
  }

  /** Batches and tuples written and failed by this task. */
  get batchStats(): Readonly<BatchStats> {
    return this.#stats;
  }

  /** Tuples in the open and the queued batches (not yet handed to writeBatch). */
  get pendingTuples(): number {
    return this.#queue.reduce((n, b) => n + b.tuples.length, this.#open.tuples.length);
  }

  async #addWhenRoom(tuple: Tuple): Promise<void> {
    while (this.#queue.length > 0) await this.#taken.promise;
    this.#add(tuple);
  }

  #add(tuple: Tuple): void {
    const settings = this.#batchSettings();
    const entry = this.toEntry(tuple);
    const open = this.#open;
    open.entries.push(entry);
    open.tuples.push(tuple);
    if (settings.maxBytes > 0) open.bytes += this.entryBytes(entry, tuple);
    if (open.tuples.length >= settings.maxTuples || (settings.maxBytes > 0 && open.bytes >= settings.maxBytes)) this.#closeOpen();
  }

  #closeOpen(): void {
    if (this.#open.tuples.length === 0) return;
    this.#queue.push(this.#open);
    this.#open = new OpenBatch<Entry>();
    this.#writer ??= this.#writeQueued();
  }

  async #writeQueued(): Promise<void> {
    try {
      for (let batch = this.#queue.shift(); batch !== undefined; batch = this.#queue.shift()) {
        this.#taken = this.#taken.fire();
        await this.#write(batch);
      }
    } finally {
      this.#writer = null;
    }
  }

  async #write(batch: Batch<Entry>): Promise<void> {
    try {
      await this.writeBatch(batch);
    } catch (error) {
      this.#stats.failed++;
      this.#stats.tuplesFailed += batch.tuples.length;
      for (const t of batch.tuples) this.fail(t);
      this.reportError(
        new TwinstormError(
          'E_BATCH_WRITE',
          `writing a batch of ${batch.tuples.length} tuple(s) failed, so they were failed for replay: ${errorMessage(error)}`,
          this.#site,
          { cause: error },
        ),
      );
      return;
    }
    this.#stats.written++;
    this.#stats.tuplesAcked += batch.tuples.length;
    for (const t of batch.tuples) this.ack(t);
  }

  #batchSettings(): BatchSettings {
    // Read here too for runtimes or tests that call execute on a bolt whose prepare was not wrapped (a subclass that
    // replaced the instance's prepare).
    return (this.#settings ??= readBatchSettings(this.conf, this.#site));
  }
}

interface Signal {
  readonly promise: Promise<void>;
  /** Resolves this signal and returns the next one. */
  fire(): Signal;
}

function signal(): Signal {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return {
    promise,
    fire() {
      resolve();
      return signal();
    },
  };
}

/** A cheap estimate of the bytes a value takes as JSON (strings by length, numbers as 8), without serializing it. */
export function approximateBytes(value: unknown): number {
  switch (typeof value) {
    case 'string':
      return value.length + 2;
    case 'number':
    case 'bigint':
      return 8;
    case 'boolean':
      return 5;
    case 'object': {
      if (value === null) return 4;
      let n = 2;
      if (Array.isArray(value)) for (const v of value) n += approximateBytes(v) + 1;
      else for (const [k, v] of Object.entries(value)) n += k.length + 4 + approximateBytes(v);
      return n;
    }
    default:
      return 0;
  }
}
