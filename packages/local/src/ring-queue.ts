/**
 * A growable FIFO ring buffer. A task's input queue may never be empty for the whole run (a steady backlog),
 * so an array with a moving head would grow forever; a ring reuses its slots and only grows to the peak backlog.
 */
export class RingQueue<T> {
  #slots: Array<T | undefined>;
  #head = 0;
  #size = 0;

  constructor(initialCapacity = 64) {
    let capacity = 1;
    while (capacity < initialCapacity) capacity *= 2;
    this.#slots = new Array<T | undefined>(capacity);
  }

  /** Items waiting. */
  get size(): number {
    return this.#size;
  }

  /** Slots allocated (grows to the peak size, rounded up to a power of two). */
  get capacity(): number {
    return this.#slots.length;
  }

  /** Appends at the tail. */
  push(item: T): void {
    const slots = this.#slots;
    if (this.#size === slots.length) {
      this.#grow();
      this.#slots[this.#size++] = item;
      return;
    }
    slots[(this.#head + this.#size) & (slots.length - 1)] = item;
    this.#size++;
  }

  /** Removes and returns the head; undefined when empty. */
  shift(): T | undefined {
    if (this.#size === 0) return undefined;
    const slots = this.#slots;
    const item = slots[this.#head];
    slots[this.#head] = undefined;
    this.#head = (this.#head + 1) & (slots.length - 1);
    this.#size--;
    return item;
  }

  /** Doubles the capacity, unrolling the ring so the head is at slot 0. */
  #grow(): void {
    const old = this.#slots;
    const next = new Array<T | undefined>(old.length * 2);
    for (let i = 0; i < this.#size; i++) next[i] = old[(this.#head + i) & (old.length - 1)];
    this.#slots = next;
    this.#head = 0;
  }
}
