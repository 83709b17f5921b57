import { BasicBolt, Spout, TopologyBuilder, type Topology, type Tuple } from '@twinstorm/core';

/** Numbers 0, 1, 2... with msgIds, forever (runs stop them with maxTuples). */
class NumberSpout extends Spout {
  static outputFields = ['n'];
  #next = 0;
  nextTuple(): void {
    const n = this.#next++;
    this.emit([n], { msgId: n });
  }
}

/** Passes n on, doubled. */
class DoubleBolt extends BasicBolt {
  static outputFields = ['n'];
  execute(tuple: Tuple): void {
    this.emit([(tuple.values[0] as number) * 2]);
  }
}

/** A sink: acks what it gets. */
class SinkBolt extends BasicBolt {
  static outputFields = [];
  execute(_tuple: Tuple): void {}
}

/** numbers (1 task) -> double (2 tasks, shuffle) -> sink (1 task, fields(n)). */
export function numbersTopology(): Topology {
  const b = new TopologyBuilder();
  b.setSpout('numbers', NumberSpout, 1);
  b.setBolt('double', DoubleBolt, 2).shuffleGrouping('numbers');
  b.setBolt('sink', SinkBolt, 1).fieldsGrouping('double', ['n']);
  return b.createTopology('numbers');
}
