/**
 * Int32 indexes of the ring's control words: the reader's (head, chunks consumed) and the writer's (tail, chunks
 * published) sit on separate 64-byte cache lines so the two threads do not contend for one.
 */
const HEAD = 0;
const CONSUMED = 1;
const TAIL = 16;
const PUBLISHED = 17;
const CONTROL_BYTES = 128;
/** A length word with this value means "the rest of the ring is unused, continue at offset 0". */
const WRAP = 0xffffffff;
/** Set in a chunk's length word when more chunks of the same batch follow (a batch larger than a quarter ring). */
const MORE = 0x80000000;
/** Set when the chunk continues a batch; a batch's first chunk lacks it, so a reader drops what a dead writer left half-written. */
const CONTINUED = 0x40000000;
const LENGTH_MASK = 0x3fffffff;

/** The shared memory of one ring, as handed to the two threads that use it. */
export interface RingMemory {
  readonly buffer: SharedArrayBuffer;
}

/** Allocates the shared memory of a ring holding `capacity` bytes of batches (a power of two, at least 4 KiB). */
export function allocateRing(capacity: number): RingMemory {
  if (capacity < 4096 || (capacity & (capacity - 1)) !== 0)
    throw new RangeError(`ring capacity must be a power of two >= 4096, got ${capacity}`);
  return { buffer: new SharedArrayBuffer(CONTROL_BYTES + capacity) };
}

function align8(n: number): number {
  return (n + 7) & ~7;
}

/**
 * The writing end of a single-producer single-consumer ring in shared memory. A batch is copied in whole and then
 * published with one atomic store of the tail, so the reader never sees half a batch; a batch too large for a quarter
 * of the ring is split into chunks the reader joins again. Nothing blocks: a write that does not fit returns false.
 */
export class RingWriter {
  readonly #control: Int32Array;
  readonly #bytes: Uint8Array;
  readonly #view: DataView;
  readonly #capacity: number;
  /** The largest chunk written at once. */
  readonly maxChunk: number;

  constructor(memory: RingMemory) {
    this.#control = new Int32Array(memory.buffer, 0, CONTROL_BYTES / 4);
    this.#capacity = memory.buffer.byteLength - CONTROL_BYTES;
    this.#bytes = new Uint8Array(memory.buffer, CONTROL_BYTES, this.#capacity);
    this.#view = new DataView(memory.buffer, CONTROL_BYTES, this.#capacity);
    this.maxChunk = this.#capacity / 4 - 8;
  }

  /** Bytes written and not yet read (an estimate for metrics: the reader may be moving). */
  get backlog(): number {
    const head = Atomics.load(this.#control, HEAD);
    const tail = Atomics.load(this.#control, TAIL);
    return (tail - head + this.#capacity) % this.#capacity;
  }

  /**
   * Writes `bytes[start, start + length)` as one chunk (length at most maxChunk); `more` marks a chunk followed by
   * further chunks of the same batch, `continued` one that follows an earlier chunk. Returns false, writing nothing,
   * when the ring has no room for it now.
   */
  tryWrite(bytes: Uint8Array, start: number, length: number, more: boolean, continued = false): boolean {
    const capacity = this.#capacity;
    const head = Atomics.load(this.#control, HEAD);
    let tail = Atomics.load(this.#control, TAIL);
    // One 8-byte slot always stays free, so head === tail means empty.
    const free = (head - tail - 8 + 2 * capacity) % capacity;
    const need = 8 + align8(length);
    const untilEnd = capacity - tail;
    if (need > untilEnd) {
      if (free < untilEnd + need) return false;
      this.#view.setUint32(tail, WRAP, true);
      tail = 0;
    } else if (free < need) return false;
    this.#view.setUint32(tail, (length | (more ? MORE : 0) | (continued ? CONTINUED : 0)) >>> 0, true);
    this.#bytes.set(length === bytes.length && start === 0 ? bytes : bytes.subarray(start, start + length), tail + 8);
    Atomics.store(this.#control, TAIL, (tail + need) % capacity);
    Atomics.add(this.#control, PUBLISHED, 1);
    return true;
  }
}

/** What a ring reader hands each complete batch to: the bytes, where the batch starts, and its length. */
export type BatchHandler = (bytes: Uint8Array, view: DataView, start: number, length: number) => void;

/**
 * The reading end of the ring: hands each published batch to a handler, in place in shared memory (joined in a local
 * buffer when it came in chunks), and frees its space after the handler returns.
 */
export class RingReader {
  readonly #control: Int32Array;
  readonly #bytes: Uint8Array;
  readonly #view: DataView;
  readonly #capacity: number;
  /** Chunks of a split batch gathered so far. */
  #joined: Uint8Array | null = null;
  #joinedLength = 0;
  #joinedChunks = 0;

  constructor(memory: RingMemory) {
    this.#control = new Int32Array(memory.buffer, 0, CONTROL_BYTES / 4);
    this.#capacity = memory.buffer.byteLength - CONTROL_BYTES;
    this.#bytes = new Uint8Array(memory.buffer, CONTROL_BYTES, this.#capacity);
    this.#view = new DataView(memory.buffer, CONTROL_BYTES, this.#capacity);
  }

  /** True when a published chunk is waiting. */
  get hasData(): boolean {
    return Atomics.load(this.#control, HEAD) !== Atomics.load(this.#control, TAIL);
  }

  /** Bytes published and not yet read. */
  get backlog(): number {
    const head = Atomics.load(this.#control, HEAD);
    const tail = Atomics.load(this.#control, TAIL);
    return (tail - head + this.#capacity) % this.#capacity;
  }

  /** Hands up to `maxBatches` complete batches to `handle`; returns how many. */
  read(handle: BatchHandler, maxBatches: number): number {
    const control = this.#control;
    const capacity = this.#capacity;
    let head = Atomics.load(control, HEAD);
    let done = 0;
    while (done < maxBatches) {
      const tail = Atomics.load(control, TAIL);
      if (head === tail) break;
      const word = this.#view.getUint32(head, true);
      if (word === WRAP) {
        head = 0;
        Atomics.store(control, HEAD, 0);
        continue;
      }
      const length = word & LENGTH_MASK;
      const more = (word & MORE) !== 0;
      const next = (head + 8 + align8(length)) % capacity;
      if (this.#joined !== null && (word & CONTINUED) === 0) {
        // The writer died in the middle of a large batch and its next incarnation started afresh: drop the part.
        Atomics.add(control, CONSUMED, this.#joinedChunks);
        this.#joined = null;
        this.#joinedLength = 0;
        this.#joinedChunks = 0;
      }
      if (more || this.#joined !== null) {
        this.#join(head + 8, length);
        if (!more) {
          const joined = this.#joined!;
          const total = this.#joinedLength;
          this.#joined = null;
          this.#joinedLength = 0;
          // The batch is in local memory now, but it counts as consumed only once handled (see chunkCounts).
          Atomics.store(control, HEAD, next);
          head = next;
          handle(joined, new DataView(joined.buffer, joined.byteOffset, total), 0, total);
          Atomics.add(control, CONSUMED, this.#joinedChunks + 1);
          this.#joinedChunks = 0;
          done++;
          continue;
        }
        head = next;
        this.#joinedChunks++;
        Atomics.store(control, HEAD, next);
        continue;
      }
      handle(this.#bytes, this.#view, head + 8, length);
      head = next;
      Atomics.store(control, HEAD, next);
      Atomics.add(control, CONSUMED, 1);
      done++;
    }
    return done;
  }

  #join(start: number, length: number): void {
    const need = this.#joinedLength + length;
    if (this.#joined === null || this.#joined.length < need) {
      const grown = new Uint8Array(Math.max(need, (this.#joined?.length ?? 0) * 2, 1 << 16));
      if (this.#joined !== null) grown.set(this.#joined.subarray(0, this.#joinedLength));
      this.#joined = grown;
    }
    this.#joined.set(this.#bytes.subarray(start, start + length), this.#joinedLength);
    this.#joinedLength = need;
  }
}

/**
 * Chunks published into and chunks consumed (handled) from a ring since it was allocated. Both live in the ring's
 * shared memory, so they survive a restart of either thread: the coordinator's quiet check compares their sums.
 */
export function chunkCounts(memory: RingMemory): { published: number; consumed: number } {
  const control = new Int32Array(memory.buffer, 0, CONTROL_BYTES / 4);
  return { published: Atomics.load(control, PUBLISHED), consumed: Atomics.load(control, CONSUMED) };
}
