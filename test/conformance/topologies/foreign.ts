// Conformance topology "foreign": a storm.py bolt between a fixture spout and a TypeScript bolt.
//   words (fixture, [word]) -> py (python3 upper.py on storm.py) -> after (TS): what the TS bolt got from Python
import { fileURLToPath } from 'node:url';
import { Bolt, Spout, TopologyBuilder, type Tuple } from '@twinstorm/core';
import { shellBolt } from '@twinstorm/multilang';

/**
 * Where upper.py and storm.py sit, laid out as the jar's resources/ (the test prepares it; storm.py comes from
 * Maven, never committed). Locally the bolt runs there; `twinstorm package` copies it into the jar.
 */
export const PYTHON_RESOURCES = fileURLToPath(new URL('../../../node_modules/.cache/twinstorm/conformance/python/', import.meta.url));

/** Stands in for a real source; the testkit replaces it with a fixture spout. */
export class WordSpout extends Spout {
  static outputFields = ['word'];
  nextTuple(): void {}
}

/** The Python bolt. */
export const UpperBolt = shellBolt({
  command: 'python3',
  args: ['upper.py'],
  outputFields: ['upper', 'length'],
  cwd: PYTHON_RESOURCES,
  env: { PYTHONIOENCODING: 'utf-8', PYTHONDONTWRITEBYTECODE: '1' },
});

/** Emits what arrived from Python, with the JS type of the length. */
export class AfterBolt extends Bolt {
  static outputFields = ['upper', 'length', 'type'];
  execute(t: Tuple): void {
    this.emit([t.get('upper'), t.get('length'), typeof t.get('length')], { anchors: [t] });
    this.ack(t);
  }
}

const b = new TopologyBuilder();
b.setSpout('words', WordSpout, 1);
b.setBolt('py', UpperBolt, 1).shuffleGrouping('words');
b.setBolt('after', AfterBolt, 1).shuffleGrouping('py');
export default b.createTopology('conformance-foreign');
