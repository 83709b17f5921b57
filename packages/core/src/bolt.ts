import { Component, componentPort } from './component.ts';
import type { Conf } from './conf.ts';
import type { TopologyContext } from './topology-context.ts';
import type { Tuple } from './tuple.ts';

/**
 * A processing step, as Storm's IRichBolt: anchoring and acking are explicit. `execute` may be async;
 * the runtime then keeps at most `twinstorm.bolt.max.concurrency` executions of the task in flight.
 */
export abstract class Bolt extends Component {
  /** Marks the class as a bolt for the builder (a spout class passed to setBolt is rejected). */
  static readonly twinstormKind: string = 'bolt';

  /** Called once per task before the first tuple; may return a Promise. */
  prepare(_conf: Conf, _context: TopologyContext): void | Promise<void> {}
  /** Process one input tuple: emit (anchored), then ack or fail it. */
  abstract execute(tuple: Tuple): void | Promise<void>;
  /** Called at shutdown; not guaranteed on a crash, as in Storm. */
  cleanup(): void | Promise<void> {}

  /** Marks the tuple processed; the tree completes when every tuple in it is acked. */
  ack(tuple: Tuple): void {
    componentPort(this).ack(tuple);
  }

  /** Fails the tuple: the spout's fail(msgId) is called for every tree it belongs to. */
  fail(tuple: Tuple): void {
    componentPort(this).fail(tuple);
  }
}

/**
 * A bolt with Storm's BasicBolt contract: emits are anchored to the input, the input is acked when
 * execute returns (or its Promise resolves) and failed, with the error reported, when it throws.
 * Executions of one task run one at a time, so "the input" is always unambiguous.
 */
export abstract class BasicBolt extends Bolt {
  static override readonly twinstormKind: string = 'basic-bolt';
}
