import { serialize } from 'node:v8';
import { MAX_DEPTH, SHORT_LENGTH, Tag } from './wire-format.ts';

/**
 * A growable byte buffer with the encodings of the worker-thread wire format: fixed-size numbers (little-endian,
 * unaligned) and tuple values. Batches for another thread are built here and then copied into its ring at once.
 */
export class WireWriter {
  bytes: Uint8Array;
  view: DataView;
  pos = 0;

  constructor(capacity = 1 << 16) {
    this.bytes = new Uint8Array(capacity);
    this.view = new DataView(this.bytes.buffer);
  }

  /** Makes room for `n` more bytes. */
  reserve(n: number): void {
    if (this.pos + n > this.bytes.length) this.#grow(this.pos + n);
  }

  #grow(min: number): void {
    let size = this.bytes.length * 2;
    while (size < min) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.bytes.subarray(0, this.pos));
    this.bytes = next;
    this.view = new DataView(next.buffer);
  }

  u8(v: number): void {
    this.reserve(1);
    this.bytes[this.pos++] = v;
  }

  u16(v: number): void {
    this.reserve(2);
    this.view.setUint16(this.pos, v, true);
    this.pos += 2;
  }

  u32(v: number): void {
    this.reserve(4);
    this.view.setUint32(this.pos, v, true);
    this.pos += 4;
  }

  i32(v: number): void {
    this.reserve(4);
    this.view.setInt32(this.pos, v, true);
    this.pos += 4;
  }

  f64(v: number): void {
    this.reserve(8);
    this.view.setFloat64(this.pos, v, true);
    this.pos += 8;
  }

  /** Appends bytes written by another writer (pre-encoded values). */
  append(from: WireWriter): void {
    const n = from.pos;
    this.reserve(n);
    const src = from.bytes;
    const dst = this.bytes;
    const at = this.pos;
    if (n <= 32) for (let i = 0; i < n; i++) dst[at + i] = src[i]!;
    else dst.set(src.subarray(0, n), at);
    this.pos = at + n;
  }

  #length(n: number): void {
    if (n < SHORT_LENGTH) {
      this.bytes[this.pos++] = n;
      return;
    }
    this.bytes[this.pos++] = SHORT_LENGTH;
    this.view.setUint32(this.pos, n, true);
    this.pos += 4;
  }

  /** A string: one byte per code unit when all fit (the common case), else UTF-16 code units, exactly. */
  string(s: string): void {
    const n = s.length;
    this.reserve(2 * n + 8);
    const bytes = this.bytes;
    const start = this.pos;
    bytes[this.pos++] = Tag.Latin1;
    this.#length(n);
    const at = this.pos;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c > 0xff) {
        this.pos = start;
        this.#utf16(s);
        return;
      }
      bytes[at + i] = c;
    }
    this.pos = at + n;
  }

  #utf16(s: string): void {
    const n = s.length;
    this.bytes[this.pos++] = Tag.Utf16;
    this.#length(n);
    // No alignment: encoded values are copied to other offsets (pre-encoded once per emit), and DataView reads any.
    const view = this.view;
    let at = this.pos;
    for (let i = 0; i < n; i++, at += 2) view.setUint16(at, s.charCodeAt(i), true);
    this.pos = at;
  }

  /** One tuple value; throws a TypeError for what cannot be copied to another thread unchanged. */
  value(v: unknown, depth = 0): void {
    switch (typeof v) {
      case 'string':
        this.string(v);
        return;
      case 'number':
        this.reserve(9);
        if ((v | 0) === v && !(v === 0 && 1 / v < 0)) {
          this.bytes[this.pos++] = Tag.Int;
          this.view.setInt32(this.pos, v, true);
          this.pos += 4;
        } else {
          this.bytes[this.pos++] = Tag.Double;
          this.view.setFloat64(this.pos, v, true);
          this.pos += 8;
        }
        return;
      case 'boolean':
        this.u8(v ? Tag.True : Tag.False);
        return;
      case 'undefined':
        this.u8(Tag.Undefined);
        return;
      case 'object':
        if (v === null) this.u8(Tag.Null);
        else this.#object(v, depth);
        return;
      case 'bigint':
        this.#clone(v);
        return;
      default:
        throw new TypeError(`a ${typeof v} cannot be copied to another worker thread`);
    }
  }

  #object(v: object, depth: number): void {
    if (depth >= MAX_DEPTH)
      throw new TypeError(`values nested deeper than ${MAX_DEPTH} levels (a cycle?) cannot be copied to another worker thread`);
    if (Array.isArray(v)) {
      this.reserve(6);
      this.bytes[this.pos++] = Tag.Array;
      this.#length(v.length);
      for (let i = 0; i < v.length; i++) this.value(v[i], depth + 1);
      return;
    }
    const proto: unknown = Object.getPrototypeOf(v);
    if (proto === Object.prototype || proto === null) {
      const keys = Object.keys(v);
      this.reserve(6);
      this.bytes[this.pos++] = Tag.Object;
      this.#length(keys.length);
      for (const k of keys) {
        this.string(k);
        this.value((v as Record<string, unknown>)[k], depth + 1);
      }
      return;
    }
    if (v instanceof Date || v instanceof Map || v instanceof Set || v instanceof ArrayBuffer || ArrayBuffer.isView(v)) {
      this.#clone(v);
      return;
    }
    const name = (proto as { constructor?: { name?: unknown } } | undefined)?.constructor?.name;
    throw new TypeError(
      `an instance of ${typeof name === 'string' && name !== '' ? name : 'a class'} cannot be copied to another worker thread unchanged (it would arrive as a plain object)`,
    );
  }

  #clone(v: unknown): void {
    const blob = serialize(v);
    this.reserve(blob.length + 6);
    this.bytes[this.pos++] = Tag.Clone;
    this.#length(blob.length);
    this.bytes.set(blob, this.pos);
    this.pos += blob.length;
  }
}
