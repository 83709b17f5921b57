import type { Tuple } from '@twinstorm/core';

/** Storm's TupleWindow: what one execution of a windowed bolt sees. */
export interface TupleWindow {
  /** Every tuple in the window, oldest first. */
  get(): readonly Tuple[];
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
export class Window implements TupleWindow {
  constructor(
    private readonly tuples: readonly Tuple[],
    private readonly fresh: readonly Tuple[],
    private readonly expired: readonly Tuple[],
    private readonly start: number,
    private readonly end: number,
  ) {}
  get(): readonly Tuple[] {
    return this.tuples;
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
