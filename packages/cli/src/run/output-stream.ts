/** The part of a writable stream the CLI writes to (process.stdout / stderr, or a buffer in tests). */
export interface OutputStream {
  write(text: string): unknown;
  isTTY?: boolean | undefined;
  columns?: number | undefined;
  rows?: number | undefined;
}
