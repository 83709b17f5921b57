// A received tuple's lifecycle, shared by every runtime's tuple class: live until acked or failed exactly once.

/** Not yet acked or failed. */
export const LIVE = 0;
/** Acked: a later ack or fail of the same tuple is refused. */
export const ACKED = 1;
/** Failed: a later ack or fail of the same tuple is refused. */
export const FAILED = 2;
/** LIVE, ACKED or FAILED. */
export type TupleState = typeof LIVE | typeof ACKED | typeof FAILED;
