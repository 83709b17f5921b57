import { randomBytes } from 'node:crypto';

/**
 * xoshiro128** seeded from the OS: the edge ids of XOR acking must be random 64-bit values (two 32-bit
 * halves here), and Math.random is both slower and weaker. Not for cryptography.
 */
export class EdgeIdSource {
  #a: number;
  #b: number;
  #c: number;
  #d: number;

  constructor(seed: Uint32Array = new Uint32Array(randomBytes(16).buffer)) {
    // As signed 32-bit values (the same bits): the state fields then stay small integers, never boxed doubles.
    this.#a = (seed[0] ?? 1) | 0;
    this.#b = (seed[1] ?? 2) | 0;
    this.#c = (seed[2] ?? 3) | 0;
    this.#d = (seed[3] ?? 4) | 0;
    if ((this.#a | this.#b | this.#c | this.#d) === 0) this.#a = 1;
  }

  /** The next random signed 32-bit integer; two of them make one 64-bit edge id. */
  next32(): number {
    const t = this.#b << 9;
    let r = Math.imul(this.#b, 5);
    r = Math.imul((r << 7) | (r >>> 25), 9);
    this.#c ^= this.#a;
    this.#d ^= this.#b;
    this.#b ^= this.#c;
    this.#a ^= this.#d;
    this.#c ^= t;
    this.#d = (this.#d << 11) | (this.#d >>> 21);
    return r | 0;
  }
}
