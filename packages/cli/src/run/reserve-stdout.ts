/** The real stdout, kept for the one JSON document `--json` promises. */
export interface ReservedStdout {
  /** Writes to the real stdout; resolves once the text is flushed. */
  write(text: string): Promise<void>;
  /** Puts process.stdout.write back. */
  restore(): void;
}

/**
 * For `--json`: stdout must carry exactly one JSON document, so everything else written to process.stdout
 * (a component's console.log, worker threads' output) is redirected to stderr until restore().
 */
export function reserveStdout(): ReservedStdout {
  const stdout = process.stdout;
  const own = Object.getOwnPropertyDescriptor(stdout, 'write');
  const writeReal = stdout.write.bind(stdout) as (text: string, done: (error?: Error | null) => void) => boolean;
  stdout.write = process.stderr.write.bind(process.stderr);
  return {
    write(text) {
      return new Promise((resolve, reject) => {
        writeReal(text, (error) => (error ? reject(error) : resolve()));
      });
    },
    restore() {
      if (own === undefined) delete (stdout as { write?: unknown }).write;
      else Object.defineProperty(stdout, 'write', own);
    },
  };
}
