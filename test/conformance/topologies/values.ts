// Conformance topology "values": fixture values go through two bolts (so through Storm twice) and come back with
// what each bolt saw, described where the test can check it: type, UTF-16 length, code points, Java hash.
import { Bolt, javaHashCode, Spout, TopologyBuilder, type Tuple } from '@twinstorm/core';

/** Stands in for a real source; the testkit replaces it with a fixture spout emitting [label, value]. */
export class ValueSpout extends Spout {
  static outputFields = ['label', 'value'];
  nextTuple(): void {}
}

/** What a bolt saw of a value: its JS type and, per type, what would change if a byte had been lost or altered. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return `string:${value.length}:${[...value].length}:${javaHashCode(value)}`;
  if (typeof value === 'number') return `number:${Number.isInteger(value) ? 'integer' : 'fraction'}:${String(value)}`;
  if (typeof value === 'bigint') return `bigint:${value.toString()}`;
  if (value === null) return 'null';
  if (Array.isArray(value)) return `array:${value.length}`;
  return typeof value;
}

/** Emits [label, value, what it saw], anchored. */
export class EchoBolt extends Bolt {
  static outputFields = ['label', 'value', 'seen'];
  execute(t: Tuple): void {
    const value = t.get('value');
    this.emit([t.get('label'), value, describeValue(value)], { anchors: [t] });
    this.ack(t);
  }
}

const b = new TopologyBuilder();
b.setSpout('values', ValueSpout, 1);
b.setBolt('echo', EchoBolt, 1).shuffleGrouping('values');
b.setBolt('echo-again', EchoBolt, 1).shuffleGrouping('echo');
export default b.createTopology('conformance-values');
