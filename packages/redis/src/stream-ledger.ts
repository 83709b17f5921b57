/** A stream entry as the spout holds it: its id, its field/value pairs, and how often the group delivered it. */
export interface StreamEntry {
  readonly id: string;
  readonly fields: Readonly<Record<string, string>>;
  /** The group's delivery count for it, this delivery included (1 on a first read). */
  readonly deliveries: number;
}

/** What the spout emits next: the entry, and a reason when it goes to the dead-letter stream instead. */
export interface StreamEmission {
  readonly entry: StreamEntry;
  readonly deadReason: string | undefined;
}

/**
 * The entries one RedisStreamSpout task holds between XREADGROUP/XAUTOCLAIM and XACK, without I/O: the buffer
 * nextTuple emits from, the ids in flight, and the acked ids waiting for the next XACK. A failed entry is simply
 * let go: it stays in the group's pending list, and an XAUTOCLAIM reclaims it once it has been idle long enough.
 */
export class StreamLedger {
  readonly #held = new Set<string>();
  #buffer: StreamEntry[] = [];
  #head = 0;
  #acked: string[] = [];

  constructor(readonly maxDeliveries: number) {}

  /** Takes a read or reclaimed entry; false when this task holds it already (reclaimed while still buffered or in flight). */
  add(entry: StreamEntry): boolean {
    if (this.#held.has(entry.id)) return false;
    this.#held.add(entry.id);
    this.#buffer.push(entry);
    return true;
  }

  /** The next entry to emit, in arrival order; one delivered more than `maxDeliveries` times goes to the dead letters. */
  next(): StreamEmission | undefined {
    if (this.#head >= this.#buffer.length) return undefined;
    const entry = this.#buffer[this.#head++]!;
    if (this.#head > 1024 && this.#head * 2 > this.#buffer.length) {
      this.#buffer = this.#buffer.slice(this.#head);
      this.#head = 0;
    }
    const tries = entry.deliveries - 1;
    const deadReason = tries >= this.maxDeliveries ? `delivered ${tries} times without an ack (redis.spout.max.deliveries)` : undefined;
    return { entry, deadReason };
  }

  /** The entry could not be decoded at emit: it goes to the dead letters with this reason (it stays held). */
  undecodable(entry: StreamEntry, reason: string): StreamEmission {
    return { entry, deadReason: reason };
  }

  /** The tuple tree of `id` completed: XACK it at the next flush. False for an id this task does not hold. */
  ack(id: string): boolean {
    if (!this.#held.delete(id)) return false;
    this.#acked.push(id);
    return true;
  }

  /** The tuple tree of `id` failed or timed out: let go, left pending for a reclaim after the idle time. */
  fail(id: string): boolean {
    return this.#held.delete(id);
  }

  /** The acked ids not yet XACKed, handed over (give them back with `unacked` if the XACK fails). */
  takeAcked(): string[] {
    const ids = this.#acked;
    this.#acked = [];
    return ids;
  }

  /** An XACK failed: its ids go back to be acknowledged at the next flush. */
  unacked(ids: readonly string[]): void {
    this.#acked.push(...ids);
  }

  /** Whether acked ids wait for an XACK. */
  get acksDue(): boolean {
    return this.#acked.length > 0;
  }

  /** Entries read and not emitted yet. */
  get buffered(): number {
    return this.#buffer.length - this.#head;
  }

  /** Entries read and not done (buffered or in flight). */
  get holding(): number {
    return this.#held.size;
  }
}
