import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname, extname } from 'node:path';
import type { TopologyContext } from '@twinstorm/core';

/**
 * The file one task writes: `path` itself when the component has one task, else `name.<taskIndex>.ext`,
 * so parallel tasks (possibly on other machines, on Storm) never interleave partial lines.
 */
export function taskFilePath(path: string, context: TopologyContext): string {
  if (context.componentTasks(context.componentId).length <= 1) return path;
  const ext = extname(path);
  return `${path.slice(0, path.length - ext.length)}.${context.taskIndex}${ext}`;
}

const HIGH_WATER_MARK = 1 << 20;

/** An append-only text file behind a Node write stream: writes are buffered, errors surface through `onError`. */
export class AppendFile {
  readonly #stream: WriteStream;

  constructor(
    readonly path: string,
    onError: (error: Error) => void,
  ) {
    mkdirSync(dirname(path), { recursive: true });
    // Append, so a restarted task adds to what its previous incarnation wrote instead of truncating it. A 1 MiB
    // buffer holds many batches, so `write` reports back-pressure only when the disk really falls behind.
    this.#stream = createWriteStream(path, { flags: 'a', encoding: 'utf8', highWaterMark: HIGH_WATER_MARK });
    this.#stream.on('error', onError);
  }

  /** Hands text to the stream; false when its buffer is over the high-water mark (wait for `drained`). */
  write(text: string): boolean {
    return this.#stream.write(text);
  }

  /** Resolves when the stream's buffer has drained. */
  drained(): Promise<void> {
    if (!this.#stream.writableNeedDrain) return Promise.resolve();
    return new Promise((resolve) => this.#stream.once('drain', () => resolve()));
  }

  /** Flushes everything written and closes the file. */
  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#stream.once('error', reject);
      this.#stream.end(() => resolve());
    });
  }
}
