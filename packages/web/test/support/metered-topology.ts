import { BasicBolt, Spout, TopologyBuilder, type Tuple } from '@twinstorm/core';

/** Numbers 0, 1, 2... with msgIds; counts its emits with a user counter. */
class MeteredSpout extends Spout {
  static outputFields = ['n'];
  #next = 0;
  nextTuple(): void {
    const n = this.#next++;
    this.metrics.counter('numbers-emitted').inc();
    this.emit([n], { msgId: n });
  }
}

/** A sink using every other user metric kind: a meter, a histogram of n % 100, a timer and a gauge of the last n. */
class MeteredSink extends BasicBolt {
  static outputFields = [];
  #last = 0;
  override prepare(): void {
    this.metrics.gauge('last-n', () => this.#last);
  }
  execute(tuple: Tuple): void {
    const n = tuple.values[0] as number;
    this.metrics.meter('seen').mark();
    this.metrics.histogram('n-mod-100').update(n % 100);
    this.metrics.timer('work').time(() => (this.#last = Math.max(this.#last, n)));
  }
}

/** numbers (1 task) -> sink (2 tasks, shuffle); every task heavy, so 2 workers really spread them. */
const b = new TopologyBuilder();
b.setSpout('numbers', MeteredSpout, 1).addConfiguration('topology.component.cpu.pcore.percent', 100);
b.setBolt('sink', MeteredSink, 2).shuffleGrouping('numbers').addConfiguration('topology.component.cpu.pcore.percent', 100);
export default b.createTopology('metered');
