import { MultilangError } from '../errors.ts';
import { parseStormJson } from './storm-json.ts';

/** 64 MiB: far above any sane tuple, low enough that a runaway peer cannot exhaust memory. */
export const DEFAULT_MAX_FRAME_BYTES = 64 * 1024 * 1024;

/** Options of a FrameDecoder. */
export interface FrameDecoderOptions {
  /** Largest frame (JSON text, without the `end` line) accepted; default DEFAULT_MAX_FRAME_BYTES. */
  maxFrameBytes?: number;
  /** Called with each parsed message, in order. */
  onFrame: (message: unknown) => void;
  /** Called once, with the first fatal error; the decoder then ignores all further input. */
  onError: (error: MultilangError) => void;
}

const NL = 0x0a;
const CR = 0x0d;
const LAST_NEWLINE = Buffer.from('\n');

/**
 * Storm's framing reader: messages are JSON text followed by a line that is exactly `end` (lines end with `\n`
 * or `\r\n`; JSON may span lines, as Storm's reader joins lines until `end`). Frames and UTF-8 characters may be
 * split across chunks anywhere.
 *
 * How: the bytes up to a chunk's last newline are decoded in one call (a newline never splits a UTF-8 character),
 * and frames are found in that text with string search, so a frame costs one JSON.parse plus a few builtin string
 * operations and no per-frame native call. Only the incomplete last line is carried as bytes, and only the
 * complete lines of a frame still waiting for its `end` as text.
 *
 * Every error is fatal: after the first one (reported through onError, never thrown out of push/end) the decoder
 * drops all further input, because Storm treats each of them as the end of the conversation and a reader that
 * guessed where the next frame starts could act on garbage. onFrame must not throw (what it throws propagates).
 */
export class FrameDecoder {
  readonly #maxFrameBytes: number;
  readonly #onFrame: (message: unknown) => void;
  readonly #onError: (error: MultilangError) => void;
  /** Bytes after the last newline seen (an incomplete line): `#partial[0, #partialLength)`. */
  #partial: Buffer = Buffer.alloc(0);
  #partialLength = 0;
  /** Complete lines of a frame still waiting for its `end` line, and their size in bytes. */
  #text = '';
  #textBytes = 0;
  #failed = false;
  #ended = false;
  /** Frames decoded so far (for error messages and tests). */
  frames = 0;

  constructor(options: FrameDecoderOptions) {
    this.#maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
    this.#onFrame = options.onFrame;
    this.#onError = options.onError;
  }

  /** True once a fatal error was reported. */
  get failed(): boolean {
    return this.#failed;
  }

  /** Bytes of an incomplete frame held between chunks. */
  get bufferedBytes(): number {
    return this.#textBytes + this.#partialLength;
  }

  /** Feeds bytes; complete frames are delivered to onFrame before push returns. Never throws for bad input. */
  push(chunk: Uint8Array): void {
    if (this.#failed || this.#ended || chunk.length === 0) return;
    let bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const carried = this.#partialLength > 0;
    if (carried) {
      this.#append(bytes);
      bytes = this.#partial.subarray(0, this.#partialLength);
    }
    const lastNewline = bytes.lastIndexOf(NL);
    if (lastNewline < 0) {
      if (!carried) this.#append(bytes);
      this.#checkPending();
      return;
    }
    const complete = bytes.toString('utf8', 0, lastNewline + 1);
    const tail = bytes.length - lastNewline - 1;
    if (carried) {
      this.#partial.copy(this.#partial, 0, lastNewline + 1, this.#partialLength);
      this.#partialLength = tail;
      if (tail === 0 && this.#partial.length > 1 << 20) this.#partial = Buffer.alloc(0);
    } else if (tail > 0) {
      this.#append(bytes.subarray(lastNewline + 1));
    }
    this.#lines(complete);
  }

  /** The input ended: anything but whitespace after the last frame is a truncated frame (E_TRUNCATED_FRAME). */
  end(): void {
    if (this.#failed || this.#ended) return;
    // Storm's line reader also ends a line at end of input: a final `end` without its newline still closes a frame.
    const partial = this.#partialLength;
    if (partial > 0) this.push(LAST_NEWLINE);
    if (this.#failed) return;
    this.#ended = true;
    let rest = this.#text;
    let restBytes = this.#textBytes;
    if (partial > 0 && rest.endsWith('\n')) {
      // Report what the peer sent, without the newline added above.
      rest = rest.slice(0, -1);
      restBytes--;
    }
    this.#text = '';
    this.#textBytes = 0;
    if (rest.trim().length > 0) {
      this.#fail(
        new MultilangError(
          'E_TRUNCATED_FRAME',
          `the input ended in the middle of a frame (${restBytes} byte(s) after frame ${this.frames} without an "end" line): ${JSON.stringify(rest.slice(0, 120))}`,
        ),
      );
    }
  }

  /** Finds `end` lines in complete lines of text (ending with a newline) and delivers the frames before them. */
  #lines(decoded: string): void {
    const text = this.#text.length === 0 ? decoded : this.#text + decoded;
    // Lines carried over were searched already, and an `end` line can only start after their last newline.
    let searchFrom = this.#text.length;
    let frameStart = 0;
    for (;;) {
      const at = text.indexOf('end', searchFrom);
      if (at < 0) break;
      let after = at + 3;
      let next = text.charCodeAt(after);
      if (next === CR) next = text.charCodeAt(++after);
      if (next !== NL || (at !== frameStart && text.charCodeAt(at - 1) !== NL)) {
        searchFrom = at + 1;
        continue;
      }
      // The frame is everything before the newline that precedes the `end` line.
      if (!this.#frame(text.slice(frameStart, at > frameStart ? at - 1 : frameStart))) return;
      frameStart = after + 1;
      searchFrom = frameStart;
    }
    if (frameStart === text.length) {
      this.#text = '';
      this.#textBytes = 0;
    } else {
      this.#text = frameStart === 0 ? text : text.slice(frameStart);
      this.#textBytes = Buffer.byteLength(this.#text);
      this.#checkPending();
    }
  }

  /** An incomplete frame is refused as soon as it cannot fit the cap any more, without buffering the rest. */
  #checkPending(): void {
    const pending = this.#textBytes + this.#partialLength;
    if (pending > this.#maxFrameBytes + 5) {
      this.#fail(
        new MultilangError(
          'E_FRAME_TOO_LARGE',
          `a frame exceeds ${this.#maxFrameBytes} bytes (${pending} bytes so far without an "end" line)`,
        ),
      );
    }
  }

  /** Parses and delivers one frame; false after a fatal error. */
  #frame(text: string): boolean {
    // UTF-16 units <= UTF-8 bytes <= 3 units: the exact size is computed only near the cap.
    if (text.length * 3 > this.#maxFrameBytes) {
      const size = Buffer.byteLength(text);
      if (size > this.#maxFrameBytes) {
        this.#fail(
          new MultilangError(
            'E_FRAME_TOO_LARGE',
            `frame ${this.frames + 1} has ${size} bytes, more than the ${this.#maxFrameBytes} allowed`,
          ),
        );
        return false;
      }
    }
    let message: unknown;
    try {
      message = parseStormJson(text);
    } catch (error) {
      this.#fail(error instanceof MultilangError ? error : new MultilangError('E_MALFORMED_FRAME', String(error)));
      return false;
    }
    this.frames++;
    this.#onFrame(message);
    return !this.#failed;
  }

  #append(bytes: Buffer): void {
    const needed = this.#partialLength + bytes.length;
    if (needed > this.#partial.length) {
      const grown = Buffer.allocUnsafe(Math.max(needed, this.#partial.length * 2, 4096));
      this.#partial.copy(grown, 0, 0, this.#partialLength);
      this.#partial = grown;
    }
    bytes.copy(this.#partial, this.#partialLength);
    this.#partialLength = needed;
  }

  #fail(error: MultilangError): void {
    if (this.#failed) return;
    this.#failed = true;
    this.#partialLength = 0;
    this.#partial = Buffer.alloc(0);
    this.#text = '';
    this.#textBytes = 0;
    this.#onError(error);
  }
}
