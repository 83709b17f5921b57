import { Tuple, type StreamSchema } from '@twinstorm/core';
import { LIVE, type TupleState } from '@twinstorm/core/runtime';

/** A tuple received from ShellBolt: Storm's id for it (echoed back unchanged in ack, fail and anchors) and its state. */
export class MultilangTuple extends Tuple {
  /** LIVE until acked or failed exactly once (Storm forgets the id after). */
  state: TupleState = LIVE;

  constructor(
    values: readonly unknown[],
    schema: StreamSchema,
    sourceTask: number,
    /** ShellBolt's id of this input, a decimal 64-bit number as text. */
    readonly stormId: string,
    /** The id as JSON text, ready to splice into ack / fail / anchors. */
    readonly idJson: string,
  ) {
    super(values, schema, sourceTask);
  }

  override get id(): string {
    return this.stormId;
  }
}
