import { deserialize } from 'node:v8';
import { SHORT_LENGTH, Tag } from './wire-format.ts';

/** Short strings are looked up in a small cache first: tuple fields repeat (words, keys, ids) and a hit allocates nothing. */
const INTERN_MAX = 24;
const INTERN_SLOTS = 4096;

/**
 * Decodes the worker-thread wire format from a batch, in place (the bytes may be shared memory). Short Latin-1
 * strings go through an intern cache, which both speeds up decoding and shares repeated strings.
 */
export class WireReader {
  bytes: Uint8Array = new Uint8Array(0);
  view: DataView = new DataView(new ArrayBuffer(0));
  pos = 0;
  readonly #interned: Array<string | undefined> = new Array<string | undefined>(INTERN_SLOTS);

  /** Points the reader at a batch. */
  reset(bytes: Uint8Array, view: DataView, start: number): void {
    this.bytes = bytes;
    this.view = view;
    this.pos = start;
  }

  u8(): number {
    return this.bytes[this.pos++]!;
  }

  u16(): number {
    const v = this.view.getUint16(this.pos, true);
    this.pos += 2;
    return v;
  }

  u32(): number {
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }

  i32(): number {
    const v = this.view.getInt32(this.pos, true);
    this.pos += 4;
    return v;
  }

  f64(): number {
    const v = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }

  #length(): number {
    const n = this.bytes[this.pos++]!;
    if (n < SHORT_LENGTH) return n;
    return this.u32();
  }

  /** One value as WireWriter.value wrote it. */
  value(): unknown {
    const tag = this.bytes[this.pos++]!;
    switch (tag) {
      case Tag.Latin1:
        return this.#latin1(this.#length());
      case Tag.Int:
        return this.i32();
      case Tag.Double:
        return this.f64();
      case Tag.Null:
        return null;
      case Tag.False:
        return false;
      case Tag.True:
        return true;
      case Tag.Undefined:
        return undefined;
      case Tag.Utf16:
        return this.#utf16(this.#length());
      case Tag.Array: {
        const n = this.#length();
        const a = new Array<unknown>(n);
        for (let i = 0; i < n; i++) a[i] = this.value();
        return a;
      }
      case Tag.Object: {
        const n = this.#length();
        const o: Record<string, unknown> = {};
        for (let i = 0; i < n; i++) {
          const key = this.value() as string;
          o[key] = this.value();
        }
        return o;
      }
      case Tag.Clone: {
        const n = this.#length();
        // deserialize needs its own copy: the batch may be shared memory about to be reused.
        const v: unknown = deserialize(this.bytes.slice(this.pos, this.pos + n));
        this.pos += n;
        return v;
      }
      default:
        throw new Error(`corrupt batch between worker threads: unknown value tag ${tag} at byte ${this.pos - 1}`);
    }
  }

  /** A string whose code units all fit a byte; short ones through the intern cache. */
  #latin1(n: number): string {
    const b = this.bytes;
    const p = this.pos;
    this.pos = p + n;
    if (n > INTERN_MAX) return latin1Slice(b, p, n);
    let h = n;
    for (let i = 0; i < n; i++) h = (Math.imul(h, 31) + b[p + i]!) | 0;
    const slot = (h ^ (h >>> 12)) & (INTERN_SLOTS - 1);
    const cached = this.#interned[slot];
    if (cached !== undefined && cached.length === n) {
      let i = 0;
      while (i < n && cached.charCodeAt(i) === b[p + i]) i++;
      if (i === n) return cached;
    }
    const s = shortLatin1(b, p, n);
    this.#interned[slot] = s;
    return s;
  }

  #utf16(n: number): string {
    const view = this.view;
    let s = '';
    let p = this.pos;
    // In chunks, so a long string does not become one giant argument list.
    for (let done = 0; done < n;) {
      const k = Math.min(1024, n - done);
      const units = new Array<number>(k);
      for (let i = 0; i < k; i++, p += 2) units[i] = view.getUint16(p, true);
      s += String.fromCharCode(...units);
      done += k;
    }
    this.pos = p;
    return s;
  }
}

/** Up to 8 code units in one fromCharCode call (no intermediate strings); longer ones in chunks. */
function shortLatin1(b: Uint8Array, p: number, n: number): string {
  switch (n) {
    case 0:
      return '';
    case 1:
      return String.fromCharCode(b[p]!);
    case 2:
      return String.fromCharCode(b[p]!, b[p + 1]!);
    case 3:
      return String.fromCharCode(b[p]!, b[p + 1]!, b[p + 2]!);
    case 4:
      return String.fromCharCode(b[p]!, b[p + 1]!, b[p + 2]!, b[p + 3]!);
    case 5:
      return String.fromCharCode(b[p]!, b[p + 1]!, b[p + 2]!, b[p + 3]!, b[p + 4]!);
    case 6:
      return String.fromCharCode(b[p]!, b[p + 1]!, b[p + 2]!, b[p + 3]!, b[p + 4]!, b[p + 5]!);
    case 7:
      return String.fromCharCode(b[p]!, b[p + 1]!, b[p + 2]!, b[p + 3]!, b[p + 4]!, b[p + 5]!, b[p + 6]!);
    case 8:
      return String.fromCharCode(b[p]!, b[p + 1]!, b[p + 2]!, b[p + 3]!, b[p + 4]!, b[p + 5]!, b[p + 6]!, b[p + 7]!);
    default:
      return latin1Slice(b, p, n);
  }
}

/** Node's native Latin-1 decoder; it takes any Uint8Array (shared memory too) as `this`. */
const nativeLatin1 = (Buffer.prototype as unknown as { latin1Slice: (this: Uint8Array, start: number, end: number) => string }).latin1Slice;

function latin1Slice(b: Uint8Array, p: number, n: number): string {
  return nativeLatin1.call(b, p, p + n);
}
