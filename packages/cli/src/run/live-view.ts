import { createLogUpdate } from 'log-update';
import type { RunSnapshot } from '@twinstorm/local';
import { renderRunReport } from '../render/snapshot-table.ts';
import type { OutputStream } from './output-stream.ts';

/** The live table of a run on a terminal. */
export interface LiveView {
  /** Prints a log line above the table (the table is redrawn below it). */
  log(line: string): void;
  /** Stops refreshing and leaves the final report on screen. */
  stop(final: RunSnapshot): void;
  /** Stops refreshing, leaving the screen as it is (e.g. on a second Ctrl-C). */
  abort(): void;
}

/** Options of the live view. */
export interface LiveViewOptions {
  intervalMs?: number;
  /** Where log lines go (stderr), so they scroll above the table instead of corrupting it. */
  logStream: OutputStream;
}

/** Redraws the run report every second (rates from the difference with the previous refresh) until stopped. */
export function startLiveView(stdout: OutputStream, snapshot: () => RunSnapshot, options: LiveViewOptions): LiveView {
  // A pseudo-terminal without a size (rows = columns = 0, e.g. `script`, some CI) would make log-update print nothing.
  const screen = {
    write: (text: string) => stdout.write(text),
    get columns() {
      return stdout.columns !== undefined && stdout.columns > 0 ? stdout.columns : 160;
    },
    get rows() {
      return stdout.rows !== undefined && stdout.rows > 0 ? stdout.rows : 60;
    },
  };
  const update = createLogUpdate(screen as unknown as NodeJS.WritableStream, { showCursor: true });
  let previous: RunSnapshot | undefined;
  let frame = '';
  let cleared = false;
  let stopped = false;
  const render = (): void => {
    const current = snapshot();
    frame = renderRunReport(current, previous === undefined ? { color: true } : { previous, color: true });
    previous = current;
    update(frame);
  };
  render();
  const timer = setInterval(render, options.intervalMs ?? 1000);
  timer.unref();
  return {
    log(line) {
      if (!cleared && !stopped) {
        cleared = true;
        update.clear();
        setImmediate(() => {
          cleared = false;
          if (!stopped) update(frame);
        });
      }
      options.logStream.write(line.endsWith('\n') ? line : `${line}\n`);
    },
    stop(final) {
      stopped = true;
      clearInterval(timer);
      update(renderRunReport(final, { color: true }));
      update.done();
    },
    abort() {
      stopped = true;
      clearInterval(timer);
      update.done();
    },
  };
}
