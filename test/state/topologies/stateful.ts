// A stateful word count, to run on the real engine (not the BoltDriver).
//   words (fixture, [id, word]) -> count (StatefulBolt, fields on word, checkpoint every 100 ms) -> emits [word, count]
import { Spout, TopologyBuilder, type Tuple } from '@twinstorm/core';
import { StatefulBolt, type KeyValueState } from '@twinstorm/state';

/** Stands in for a real source; the testkit replaces it with a fixture spout. */
export class WordSpout extends Spout {
  static outputFields = ['id', 'word'];
  nextTuple(): void {}
}

/** Counts each word in keyed state. */
export class CountBolt extends StatefulBolt<number> {
  static outputFields = ['word', 'count'];
  #counts!: KeyValueState<number>;
  initState(state: KeyValueState<number>): void {
    this.#counts = state;
  }
  execute(t: Tuple): void {
    const word = t.getString('word');
    const n = this.#counts.get(word, 0) + 1;
    this.#counts.put(word, n);
    this.emit([word, n], { anchors: [t] });
    this.ack(t);
  }
}

const b = new TopologyBuilder();
b.setSpout('words', WordSpout, 1);
b.setBolt('count', CountBolt, 2).fieldsGrouping('words', ['word']).addConfiguration('topology.state.checkpoint.interval.ms', 100);
export default b.createTopology('state-local');
