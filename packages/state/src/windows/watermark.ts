/**
 * Storm's watermark rule: the watermark is the smallest, over the input streams seen so far, of the largest timestamp
 * each stream has delivered, minus the lag. A tuple older than the last watermark is late.
 */
export class Watermark {
  readonly #maxByStream = new Map<string, number>();
  #current = Number.NEGATIVE_INFINITY;

  constructor(private readonly lagMs: number) {}

  /** The last watermark emitted (-Infinity before the first). */
  get current(): number {
    return this.#current;
  }

  /** Records a tuple's timestamp; false if the tuple is late. */
  track(stream: string, ts: number): boolean {
    const max = this.#maxByStream.get(stream);
    if (max === undefined || ts > max) this.#maxByStream.set(stream, ts);
    return ts >= this.#current;
  }

  /** Computes the next watermark; returns it if it moved forward, else undefined. */
  advance(): number | undefined {
    if (this.#maxByStream.size === 0) return undefined;
    let min = Number.POSITIVE_INFINITY;
    for (const ts of this.#maxByStream.values()) if (ts < min) min = ts;
    const next = min - this.lagMs;
    if (next <= this.#current) return undefined;
    this.#current = next;
    return next;
  }
}
