// A tumbling count window on the real engine: words (fixture, [id, word]) -> triples (WindowedBolt, 3 tuples) -> [ids]
import { Spout, TopologyBuilder } from '@twinstorm/core';
import { WindowedBolt, windowConf, type TupleWindow } from '@twinstorm/state';

/** Stands in for a real source; the testkit replaces it with a fixture spout. */
export class WordSpout extends Spout {
  static outputFields = ['id', 'word'];
  nextTuple(): void {}
}

/** Emits the ids of each tumbling window of three tuples (anchored to them). */
export class TriplesBolt extends WindowedBolt {
  static outputFields = ['ids'];
  execute(window: TupleWindow): void {
    this.emit([window.get().map((t) => t.getNumber('id'))]);
  }
}

const b = new TopologyBuilder();
b.setSpout('words', WordSpout, 1);
b.setBolt('triples', TriplesBolt, 1)
  .globalGrouping('words')
  .addConfigurations(windowConf({ length: { count: 3 } }));
export default b.createTopology('window-local');
