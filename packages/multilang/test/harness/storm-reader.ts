/**
 * Reads a child's stdout the way Storm's JsonSerializer does, independently of the codec under test (so the two
 * check each other): UTF-8, Java's `BufferedReader.readLine` (a line ends at `\n`, `\r` or `\r\n`), lines
 * collected until one equals `end`, joined with `\n`, then parsed. Storm parses with json-smart's permissive mode;
 * the harness parses strictly (JSON.parse), so anything a real adapter should never write fails here first.
 */
import { StringDecoder } from 'node:string_decoder';

/** One message read from the child: its text as Storm assembled it, the parsed value, and how many lines it spanned. */
export interface ReadFrame {
  readonly text: string;
  readonly value: unknown;
  readonly lines: number;
}

/** Why a frame could not be read; the harness treats it as fatal, as Storm does. */
export class FrameReadError extends Error {
  override readonly name = 'FrameReadError';
  constructor(
    message: string,
    readonly text: string,
  ) {
    super(message);
  }
}

/** Incremental Storm-style frame reader: push chunks, get complete frames. */
export class StormFrameReader {
  readonly #decoder = new StringDecoder('utf8');
  #partialLine = '';
  #lines: string[] = [];
  #pendingCR = false;
  #bytes = 0;

  constructor(readonly maxFrameChars = 256 * 1024 * 1024) {}

  /** Feeds bytes; returns the frames they complete (throws FrameReadError on a frame that is not JSON). */
  push(chunk: Buffer | string): ReadFrame[] {
    const text = typeof chunk === 'string' ? chunk : this.#decoder.write(chunk);
    this.#bytes += text.length;
    const frames: ReadFrame[] = [];
    let start = 0;
    if (!this.#pendingCR && !text.includes('\r')) {
      // Fast path (no CR anywhere): lines end at \n only.
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', start)) {
        this.#endLine(text.slice(start, i), frames);
        start = i + 1;
      }
      this.#partialLine += text.slice(start);
      this.#checkSize();
      return frames;
    }
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 /* \n */) {
        if (this.#pendingCR && i === start && this.#partialLine === '') {
          // the \n of a \r\n whose \r ended the previous line
          this.#pendingCR = false;
          start = i + 1;
          continue;
        }
        this.#endLine(text.slice(start, i), frames);
        start = i + 1;
        this.#pendingCR = false;
      } else if (c === 13 /* \r */) {
        this.#endLine(text.slice(start, i), frames);
        start = i + 1;
        this.#pendingCR = true;
      } else if (this.#pendingCR) {
        this.#pendingCR = false;
      }
    }
    this.#partialLine += text.slice(start);
    this.#checkSize();
    return frames;
  }

  #checkSize(): void {
    if (this.#partialLine.length + this.#lines.reduce((n, l) => n + l.length, 0) > this.maxFrameChars) {
      throw new FrameReadError(`frame exceeds ${this.maxFrameChars} characters without an "end" line`, this.pending());
    }
  }

  /** What has been read but not completed into a frame (non-empty at exit = garbage or a truncated frame). */
  pending(): string {
    const parts = [...this.#lines];
    if (this.#partialLine !== '') parts.push(this.#partialLine);
    return parts.join('\n');
  }

  /** Total characters seen. */
  get chars(): number {
    return this.#bytes;
  }

  #endLine(rest: string, frames: ReadFrame[]): void {
    const line = this.#partialLine + rest;
    this.#partialLine = '';
    if (line !== 'end') {
      this.#lines.push(line);
      return;
    }
    const lines = this.#lines;
    const text = lines.length === 1 ? lines[0]! : lines.join('\n');
    const count = lines.length;
    lines.length = 0;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      throw new FrameReadError(`invalid JSON in a frame (${(err as Error).message}): ${excerpt(text)}`, text);
    }
    frames.push({ text, value, lines: count });
  }
}

/** A short printable excerpt of a frame for error messages. */
export function excerpt(text: string, max = 200): string {
  const s = JSON.stringify(text);
  return s.length > max ? `${s.slice(0, max)}…(${text.length} chars)` : s;
}
