/** Lines kept for error reports, and the longest line kept whole. */
const KEEP_LINES = 20;
const MAX_LINE = 2000;

/**
 * Splits a subprocess's stderr into lines (forwarded to the component log as they complete) and keeps the last
 * few, so a death report can quote what the child said before it died.
 */
export class StderrTail {
  readonly #lines: string[] = [];
  #partial = '';
  readonly #decoder = new TextDecoder('utf-8');

  constructor(private readonly onLine: (line: string) => void) {}

  /** Feeds a chunk of stderr. */
  push(chunk: Uint8Array): void {
    const text = this.#partial + this.#decoder.decode(chunk, { stream: true });
    const parts = text.split('\n');
    this.#partial = parts.pop() ?? '';
    if (this.#partial.length > MAX_LINE) {
      parts.push(this.#partial);
      this.#partial = '';
    }
    for (const raw of parts) this.#line(raw);
  }

  /** Stderr ended: a last line without a newline still counts. */
  end(): void {
    const rest = this.#partial + this.#decoder.decode();
    this.#partial = '';
    if (rest.length > 0) this.#line(rest);
  }

  /** The last lines, oldest first. */
  lines(): readonly string[] {
    return this.#partial.length > 0 ? [...this.#lines, this.#partial] : [...this.#lines];
  }

  /** The last lines as one indented block for an error message ('' when the child wrote nothing). */
  describe(): string {
    const lines = this.lines();
    return lines.length === 0 ? '' : `; last stderr lines:\n${lines.map((l) => `    ${l}`).join('\n')}`;
  }

  #line(raw: string): void {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const kept = line.length > MAX_LINE ? `${line.slice(0, MAX_LINE)}…` : line;
    this.#lines.push(kept);
    if (this.#lines.length > KEEP_LINES) this.#lines.shift();
    this.onLine(kept);
  }
}
