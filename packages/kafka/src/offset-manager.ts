/**
 * One partition's offsets between fetch and commit, as storm-kafka-client's OffsetManager: records are `taken` in
 * fetch order (offsets rise, gaps allowed: compaction, transaction markers), `done` when their tuple tree is acked or
 * their dead-letter tuple is, and only the contiguous done prefix is ever committable, so a commit never skips a
 * record still in flight. Kafka's committed offset is the next one to read: the first offset not done.
 */
export class OffsetManager {
  /** Offsets taken and not yet passed by the committable point, in fetch order, from `#head`. */
  readonly #offsets: number[] = [];
  readonly #done: boolean[] = [];
  #head = 0;
  /** The offset after the last one taken (where the next fetch starts), or the committed offset before any take. */
  #next: number;
  #committed: number;

  /** `committed`: the group's committed offset when the partition was assigned (where its fetch starts). */
  constructor(committed: number) {
    this.#next = committed;
    this.#committed = committed;
  }

  /** Records a fetched offset; an offset at or below one already taken is a refetch and is refused (false). */
  take(offset: number): boolean {
    if (offset < this.#next) return false;
    this.#offsets.push(offset);
    this.#done.push(false);
    this.#next = offset + 1;
    return true;
  }

  /** Marks an offset processed (false if it is not waiting: already done, committed, or never taken). */
  done(offset: number): boolean {
    const i = this.#indexOf(offset);
    if (i < 0 || this.#done[i] === true) return false;
    this.#done[i] = true;
    while (this.#head < this.#offsets.length && this.#done[this.#head] === true) this.#head++;
    if (this.#head > 1024 && this.#head * 2 > this.#offsets.length) {
      this.#offsets.splice(0, this.#head);
      this.#done.splice(0, this.#head);
      this.#head = 0;
    }
    return true;
  }

  /** The offset a commit may store now: the first one not done, or the next to fetch when all taken are done. */
  get committable(): number {
    return this.#head < this.#offsets.length ? this.#offsets[this.#head]! : this.#next;
  }

  /** The last offset stored by a commit (or found committed at assignment). */
  get committed(): number {
    return this.#committed;
  }

  /** A commit of `committable` would move the group forward. */
  get needsCommit(): boolean {
    return this.committable > this.#committed;
  }

  /** A commit of `offset` went through. */
  committedTo(offset: number): void {
    if (offset > this.#committed) this.#committed = offset;
  }

  /**
   * Taken and not committable yet: in flight, waiting for a retry, or done behind one that is not (the back-pressure
   * count); 0 exactly when every taken record is done, since the committable point always rests on one that is not.
   */
  get uncommitted(): number {
    return this.#offsets.length - this.#head;
  }

  #indexOf(offset: number): number {
    let lo = this.#head;
    let hi = this.#offsets.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = this.#offsets[mid]!;
      if (v === offset) return mid;
      if (v < offset) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }
}
