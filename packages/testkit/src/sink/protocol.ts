/**
 * What components report to the test process, one JSON object per line (Storm's JSON dialect, so bigints and NaN
 * arrive as they were sent). A report with `seq` is confirmed by the sink with `{"ok": seq}` once it has been
 * recorded, so a capture bolt can ack its input only after the capture is safely in the test process.
 */

/** A tuple a capture bolt received from a captured component. */
export interface CaptureReport {
  readonly t: 'capture';
  readonly run: string;
  readonly seq?: number;
  readonly component: string;
  readonly stream: string;
  readonly sourceTask: number;
  readonly taskIndex: number;
  readonly values: readonly unknown[];
}

/** A fixture spout emitted its `index`-th input tuple. */
export interface EmitReport {
  readonly t: 'emit';
  readonly run: string;
  readonly spout: string;
  readonly task: number;
  readonly index: number;
  /** ms since the epoch. */
  readonly at: number;
}

/** The tree of a fixture tuple completed (`ack`) or failed (`fail`), as the fixture spout was told. */
export interface SettleReport {
  readonly t: 'settle';
  readonly run: string;
  readonly spout: string;
  readonly task: number;
  readonly index: number;
  readonly outcome: 'ack' | 'fail';
  readonly at: number;
}

/** The runtime refused to emit a fixture tuple (strict mode, or values Storm cannot carry); `message` says why. */
export interface RejectReport {
  readonly t: 'reject';
  readonly run: string;
  readonly spout: string;
  readonly task: number;
  readonly index: number;
  readonly message: string;
  readonly at: number;
}

/** Anything a test's own component wants the test to know (see Probe.observe). */
export interface ObserveReport {
  readonly t: 'observe';
  readonly run: string;
  readonly seq?: number;
  readonly component: string;
  readonly task: number;
  readonly taskIndex: number;
  readonly kind: string;
  readonly data: unknown;
  readonly at: number;
}

/** One line a component sends to the sink. */
export type SinkReport = CaptureReport | EmitReport | SettleReport | RejectReport | ObserveReport;

/** The sink's reply to a report with `seq`. */
export interface SinkConfirmation {
  readonly ok: number;
}

/** The longest line the sink accepts (a captured tuple of a few MiB is fine; a runaway writer is not). */
export const MAX_LINE_CHARS = 256 * 1024 * 1024;

/** True when a parsed line has the shape of a report (the sink drops anything else, naming it). */
export function isSinkReport(value: unknown): value is SinkReport {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as { t?: unknown; run?: unknown };
  return typeof r.run === 'string' && (r.t === 'capture' || r.t === 'emit' || r.t === 'settle' || r.t === 'reject' || r.t === 'observe');
}
