// Conformance topology "timing": message timeouts, max spout pending and tick tuples in one topology.
//   events (fixture, [id, kind]) -> slow: async, 50 ms per tuple, never acks kind "hold" (its tree times out)
//                                -> ticker: gets a tick tuple every second, emits ["tick", source, stream] for each
import { Bolt, Spout, TopologyBuilder, type Tuple } from '@twinstorm/core';

/** Seconds before an unacked tree fails (Storm fires between 1× and 2× this). */
export const TIMEOUT_SECS = 3;
/** Tuples in flight per spout task. */
export const MAX_PENDING = 2;

/** Stands in for a real source; the testkit replaces it with a fixture spout. */
export class EventSpout extends Spout {
  static outputFields = ['id', 'kind'];
  nextTuple(): void {}
}

/** Holds each tuple 50 ms, then acks it, except kind "hold", which it never acks nor fails. */
export class SlowBolt extends Bolt {
  static outputFields = ['id'];
  async execute(t: Tuple): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 50));
    if (t.getString('kind') === 'hold') return;
    this.emit([t.get('id')], { anchors: [t] });
    this.ack(t);
  }
}

/** Acks its input; on a tick tuple, emits what the tick looked like (unanchored) and acks it. */
export class TickerBolt extends Bolt {
  static outputFields = ['what', 'source', 'stream'];
  execute(t: Tuple): void {
    if (t.isTick()) this.emit(['tick', t.sourceComponent, t.sourceStream]);
    this.ack(t);
  }
}

const b = new TopologyBuilder();
b.setSpout('events', EventSpout, 1);
b.setBolt('slow', SlowBolt, 1).shuffleGrouping('events');
b.setBolt('ticker', TickerBolt, 1).shuffleGrouping('events').addConfiguration('topology.tick.tuple.freq.secs', 1);
export default b.createTopology('conformance-timing', {
  'topology.message.timeout.secs': TIMEOUT_SECS,
  'topology.max.spout.pending': MAX_PENDING,
});
