import { OffsetManager } from './offset-manager.ts';
import { retryDelayMs } from './retry-backoff.ts';

/** A fetched record as the spout keeps it (key and value still raw text, decoded at emit). */
export interface KafkaRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly key: string | null;
  readonly value: string | null;
}

/** The spout's message id, as storm-kafka-client's KafkaSpoutMessageId: the record's coordinates. */
export interface KafkaMsgId {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
}

/** What the spout should emit next: the record to its stream, or to the dead-letter stream with a reason. */
export interface Emission {
  readonly record: KafkaRecord;
  readonly msgId: KafkaMsgId;
  /** Emits of this record so far that failed. */
  readonly failures: number;
  /** Set: goes to the dead-letter stream with this reason. */
  readonly deadReason: string | undefined;
}

/** A record from fetch to commit: waiting in the buffer, emitted (awaiting ack/fail), or waiting for a retry. */
interface Entry {
  readonly record: KafkaRecord;
  readonly msgId: KafkaMsgId;
  state: 'buffered' | 'emitted' | 'retry';
  failures: number;
  deadReason: string | undefined;
  dueAt: number;
}

/** How failures are retried. */
export interface RetryPolicy {
  readonly maxTries: number;
  readonly initialMs: number;
  readonly maxMs: number;
}

/** One commit to make: the partition and the offset to store (the next one to read). */
export interface CommitPoint {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
}

const partitionKey = (topic: string, partition: number): string => `${topic}/${partition}`;
const entryKey = (topic: string, partition: number, offset: number): string => `${topic}/${partition}/${offset}`;

/**
 * Everything a KafkaSpout task holds between fetch and commit, without I/O: the buffer nextTuple emits from,
 * the records in flight, the retry schedule, and each partition's OffsetManager. The spout feeds it fetched
 * records, acks and fails, and asks it what to emit and what to commit.
 */
export class SpoutLedger {
  readonly #partitions = new Map<string, OffsetManager>();
  readonly #entries = new Map<string, Entry>();
  #buffer: Entry[] = [];
  #bufferHead = 0;
  /** Waiting for a retry (or for a dead-letter emit), in no order; few compared to the buffer. */
  readonly #retries: Entry[] = [];
  #nextDue = Number.POSITIVE_INFINITY;

  constructor(readonly policy: RetryPolicy) {}

  /** Adds a fetched record to the buffer; false when it was taken already (a refetch after a reconnect). */
  fetched(record: KafkaRecord): boolean {
    const pkey = partitionKey(record.topic, record.partition);
    let manager = this.#partitions.get(pkey);
    if (manager === undefined) {
      // The first record of an assignment starts at the group's committed offset (or the first-start position).
      manager = new OffsetManager(record.offset);
      this.#partitions.set(pkey, manager);
    }
    if (!manager.take(record.offset)) return false;
    const msgId: KafkaMsgId = { topic: record.topic, partition: record.partition, offset: record.offset };
    const entry: Entry = { record, msgId, state: 'buffered', failures: 0, deadReason: undefined, dueAt: 0 };
    this.#entries.set(entryKey(record.topic, record.partition, record.offset), entry);
    this.#buffer.push(entry);
    return true;
  }

  /** The next emission: a retry whose back-off has passed first (as Storm's KafkaSpout), else the buffer's head. */
  next(now: number): Emission | undefined {
    if (now >= this.#nextDue) {
      const entry = this.#takeDueRetry(now);
      if (entry !== undefined) return this.#emitted(entry);
    }
    if (this.#bufferHead >= this.#buffer.length) return undefined;
    const entry = this.#buffer[this.#bufferHead++]!;
    if (this.#bufferHead > 4096 && this.#bufferHead * 2 > this.#buffer.length) {
      this.#buffer = this.#buffer.slice(this.#bufferHead);
      this.#bufferHead = 0;
    }
    return this.#emitted(entry);
  }

  /** The record about to be emitted cannot be decoded: it goes to the dead-letter stream instead. */
  deadOnArrival(msgId: KafkaMsgId, reason: string): Emission | undefined {
    const entry = this.#entry(msgId);
    if (entry === undefined) return undefined;
    entry.deadReason = reason;
    return entry;
  }

  /** The tuple tree of msgId completed: its offset is done. Returns false for an id this task no longer holds. */
  ack(msgId: KafkaMsgId): boolean {
    const entry = this.#entry(msgId);
    if (entry?.state !== 'emitted') return false;
    this.#entries.delete(entryKey(msgId.topic, msgId.partition, msgId.offset));
    return this.#partitions.get(partitionKey(msgId.topic, msgId.partition))?.done(msgId.offset) ?? false;
  }

  /**
   * The tuple tree of msgId failed: retried after the back-off, or, once it has failed `maxTries` times, sent to the
   * dead-letter stream (whose own failures are retried with the back-off for ever: nothing is committed unrouted).
   */
  fail(msgId: KafkaMsgId, now: number): 'retry' | 'dead' | 'unknown' {
    const entry = this.#entry(msgId);
    if (entry?.state !== 'emitted') return 'unknown';
    entry.failures++;
    const becameDead = entry.deadReason === undefined && entry.failures >= this.policy.maxTries;
    if (becameDead) entry.deadReason = `failed ${entry.failures} times (kafka.spout.max.tries)`;
    const dead = entry.deadReason !== undefined;
    entry.state = 'retry';
    entry.dueAt = becameDead ? now : now + retryDelayMs(entry.failures, this.policy.initialMs, this.policy.maxMs);
    this.#retries.push(entry);
    if (entry.dueAt < this.#nextDue) this.#nextDue = entry.dueAt;
    return dead ? 'dead' : 'retry';
  }

  /** Drops everything (a rebalance: the fetch restarts from the committed offsets); late acks and fails are ignored. */
  reset(): void {
    this.#partitions.clear();
    this.#entries.clear();
    this.#buffer = [];
    this.#bufferHead = 0;
    this.#retries.length = 0;
    this.#nextDue = Number.POSITIVE_INFINITY;
  }

  /** The partitions whose contiguous done prefix moved past their last commit. */
  commitPoints(): CommitPoint[] {
    const points: CommitPoint[] = [];
    for (const [key, manager] of this.#partitions) {
      if (!manager.needsCommit) continue;
      const slash = key.lastIndexOf('/');
      points.push({ topic: key.slice(0, slash), partition: Number(key.slice(slash + 1)), offset: manager.committable });
    }
    return points;
  }

  /** Those commits went through (ignored for partitions dropped meanwhile). */
  committed(points: readonly CommitPoint[]): void {
    for (const p of points) this.#partitions.get(partitionKey(p.topic, p.partition))?.committedTo(p.offset);
  }

  /** Records of a partition taken and not yet committable (for the max-uncommitted bound). */
  uncommitted(topic: string, partition: number): number {
    return this.#partitions.get(partitionKey(topic, partition))?.uncommitted ?? 0;
  }

  /** Records fetched and not emitted yet. */
  get buffered(): number {
    return this.#buffer.length - this.#bufferHead;
  }

  /** Records fetched and not yet done (buffered, in flight or waiting for a retry). */
  get holding(): number {
    return this.#entries.size;
  }

  #entry(msgId: KafkaMsgId): Entry | undefined {
    return this.#entries.get(entryKey(msgId.topic, msgId.partition, msgId.offset));
  }

  #emitted(entry: Entry): Emission {
    entry.state = 'emitted';
    return entry;
  }

  #takeDueRetry(now: number): Entry | undefined {
    let pick = -1;
    let next = Number.POSITIVE_INFINITY;
    for (let i = 0; i < this.#retries.length; i++) {
      const dueAt = this.#retries[i]!.dueAt;
      if (dueAt <= now && (pick < 0 || dueAt < this.#retries[pick]!.dueAt)) pick = i;
    }
    const entry = pick < 0 ? undefined : this.#retries.splice(pick, 1)[0];
    for (const e of this.#retries) if (e.dueAt < next) next = e.dueAt;
    this.#nextDue = next;
    return entry;
  }
}
