import { StreamSchema, Tuple } from '@twinstorm/core';

/**
 * Storm's TupleWindow: what one execution of a windowed bolt sees. It is also a Tuple (one field, `tuples`, on the
 * stream "__window") so that a WindowedBolt, whose execute takes a window, is still a Bolt to the builder and runtimes.
 */
export interface TupleWindow extends Tuple {
  /** Every tuple in the window, oldest first. */
  get(): readonly Tuple[];
  /** (As a Tuple: the field `tuples`.) */
  get<T = unknown>(field: string): T;
  /** The tuples in this window that were in no earlier one. */
  getNew(): readonly Tuple[];
  /** The tuples that left the windows since the previous execution (acked when they left). */
  getExpired(): readonly Tuple[];
  /** The window's start, ms (inclusive): event time with a timestamp field, else this task's clock. */
  getStartTimestamp(): number;
  /** The window's end, ms (exclusive). */
  getEndTimestamp(): number;
}

/** A window's contents, as handed to execute. */
const WINDOW_SCHEMA = new StreamSchema('__window', '__window', ['tuples']);

export class Window extends Tuple implements TupleWindow {
  constructor(
    private readonly tuples: readonly Tuple[],
    private readonly fresh: readonly Tuple[],
    private readonly expired: readonly Tuple[],
    private readonly start: number,
    private readonly end: number,
  ) {
    super([tuples], WINDOW_SCHEMA, -1);
  }
  override get(): readonly Tuple[];
  override get<T = unknown>(field: string): T;
  override get<T = unknown>(field?: string): readonly Tuple[] | T {
    return field === undefined ? this.tuples : super.get<T>(field);
  }
  getNew(): readonly Tuple[] {
    return this.fresh;
  }
  getExpired(): readonly Tuple[] {
    return this.expired;
  }
  getStartTimestamp(): number {
    return this.start;
  }
  getEndTimestamp(): number {
    return this.end;
  }
}
