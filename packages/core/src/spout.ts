import { Component } from './component.ts';
import type { Conf } from './conf.ts';
import type { TopologyContext } from './topology-context.ts';

/**
 * A source of tuples, as Storm's ISpout: the runtime calls `nextTuple` repeatedly, and `ack`/`fail` when a
 * tuple tree emitted with a `msgId` completes or fails. Replay is the spout's decision, as in Storm.
 */
export abstract class Spout extends Component {
  /** Marks the class as a spout for the builder (a bolt class passed to setSpout is rejected). */
  static readonly twinstormKind = 'spout';

  /** Called once per task before anything else; may return a Promise. */
  open(_conf: Conf, _context: TopologyContext): void | Promise<void> {}
  /** Called when the topology is activated (after open), and again after a deactivate. */
  activate(): void | Promise<void> {}
  /** Called when the topology is deactivated: nextTuple is not called until the next activate. */
  deactivate(): void | Promise<void> {}
  /** Emit zero or more tuples; keep it short, the runtime calls it in a loop. */
  abstract nextTuple(): void | Promise<void>;
  /** The tuple tree of `msgId` was fully processed. */
  ack(_msgId: unknown): void {}
  /** The tuple tree of `msgId` failed (explicit fail, a BasicBolt throw, or a timeout). */
  fail(_msgId: unknown): void {}
  /** Called at shutdown; not guaranteed on a crash, as in Storm. */
  close(): void | Promise<void> {}
  /**
   * Whether this spout may still emit although its last nextTuple emitted nothing: a queue spout still joining its
   * group, holding records, or not caught up with its source. `--until-idle` waits while any active spout says true.
   */
  mayStillEmit(): boolean {
    return false;
  }
}
