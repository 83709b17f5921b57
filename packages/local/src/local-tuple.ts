import { Tuple, type StreamSchema } from '@twinstorm/core';
import { LIVE, type TupleState } from '@twinstorm/core/runtime';

/** A tuple that is not part of any tuple tree (unanchored, or from an unreliable emit). */
export const UNTRACKED = -1;

/**
 * The local engine's tuple: Storm's MessageId (root -> edge id, here as 32-bit halves) and the XOR of the
 * edge ids of tuples anchored to it. The common single-root case lives in fields; extra roots in `more`.
 */
export class LocalTuple extends Tuple {
  /** XOR of the edge ids of the tuples anchored to this one (sent to the acker with this tuple's ack). */
  ackHi = 0;
  ackLo = 0;
  /** LIVE until acked or failed exactly once. */
  state: TupleState = LIVE;

  constructor(
    values: readonly unknown[],
    schema: StreamSchema,
    sourceTask: number,
    /** First root key, or UNTRACKED. */
    readonly root: number,
    /** This tuple's edge id for `root`. */
    readonly edgeHi: number,
    readonly edgeLo: number,
    /** Further roots as flat triples [root, hi, lo, ...], or null. */
    readonly more: number[] | null,
  ) {
    super(values, schema, sourceTask);
  }

  /** Storm-style 64-bit id as decimal text (the edge id of the first root; random-free for untracked tuples). */
  override get id(): string {
    // Computed on demand: ids are rarely read, and a cached string slot would cost every tuple memory.
    return this.root === UNTRACKED ? '0' : BigInt.asIntN(64, (BigInt(this.edgeHi) << 32n) | BigInt(this.edgeLo >>> 0)).toString();
  }

  /** True when acking or failing this tuple matters to some spout. */
  get tracked(): boolean {
    return this.root !== UNTRACKED;
  }
}
