// The topologies behind the Storm runner's spec fixtures (storm/src/test/resources), built with @twinstorm/core's
// TopologyBuilder so the JSON the Java tests read is the JSON core produces. `pnpm fixtures:storm` writes the files;
// spec-fixtures.test.ts fails when the checked-in files differ from what this module builds.
import { BasicBolt, Bolt, Spout, TopologyBuilder, type TopologySpec } from '@twinstorm/core';

/** The class names in the fixtures are what the Java tests expect; the components do nothing. */
class SentenceSpout extends Spout {
  static outputFields = ['sentence'];
  nextTuple(): void {}
}
class SplitBolt extends BasicBolt {
  static outputFields = ['word'];
  execute(): void {}
}
class CountBolt extends Bolt {
  static outputFields = ['word', 'count'];
  execute(): void {}
}

/** The word count, as examples/wordcount declares it. */
function wordcount(): TopologySpec {
  const builder = new TopologyBuilder();
  builder.setSpout('sentences', SentenceSpout);
  builder.setBolt('split', SplitBolt, 2).shuffleGrouping('sentences');
  builder.setBolt('count', CountBolt, 2).fieldsGrouping('split', ['word']);
  return builder.createTopology('wordcount', { 'topology.max.spout.pending': 1000 }).spec;
}

class Src extends Spout {
  static outputs = { default: ['k', 'v'], side: ['k'], targeted: { fields: ['x'], direct: true } };
  nextTuple(): void {}
}
class B extends Bolt {
  execute(): void {}
}
/** A basic bolt under the plain bolts' class name, as the fixture has it (a second `class B` would be renamed B2 by esbuild). */
class KeyedB extends BasicBolt {
  static outputFields = ['k', 'count'];
  execute(): void {}
}
Object.defineProperty(KeyedB, 'name', { value: 'B' });
class ShellSpout extends Spout {
  static shell = { command: 'python3', args: ['sentence_spout.py'] };
  static outputFields = ['sentence'];
  nextTuple(): void {}
}
class ShellBolt extends Bolt {
  static shell = { command: 'python3', args: ['-u', 'split_sentence.py', ''] };
  static outputFields = ['word'];
  execute(): void {}
}

/** Every grouping, per-component conf, shell components, several streams, a direct stream, and a source module. */
function allGroupings(): TopologySpec {
  const builder = new TopologyBuilder();
  builder.setSpout('src', Src, 2).addConfiguration('topology.max.spout.pending', 7);
  builder.setSpout('py-src', ShellSpout);
  builder.setBolt('shuffled', B, 3).shuffleGrouping('src');
  builder.setBolt('local', B).localOrShuffleGrouping('src');
  builder
    .setBolt('keyed', KeyedB, 4)
    .fieldsGrouping('src', ['k'])
    .fieldsGrouping('src', ['k'], 'side')
    .addConfigurations({ 'topology.tick.tuple.freq.secs': 5, 'my.key': 'x' });
  builder.setBolt('everyone', B, 2).allGrouping('keyed');
  builder.setBolt('one', B, 2).globalGrouping('keyed');
  builder.setBolt('whatever', B).noneGrouping('py-src');
  builder.setBolt('picked', B, 2).directGrouping('src', 'targeted');
  builder.setBolt('py-split', ShellBolt, 2).shuffleGrouping('py-src');
  const conf = { 'topology.max.spout.pending': 100, 'topology.message.timeout.secs': 10, 'custom.list': ['a', 1, 2.5, true, null] };
  return builder.createTopology('all-groupings', conf).withSource({ module: 'twinstorm/topology.js', export: 'default' }).spec;
}

class S extends Spout {
  static outputFields = ['n'];
  nextTuple(): void {}
}

/** A topology that names its own multilang serializer (the runner must keep the user's choice). */
function serializerUser(): TopologySpec {
  const builder = new TopologyBuilder();
  builder.setSpout('s', S);
  return builder.createTopology('custom-serializer', { 'topology.multilang.serializer': 'org.apache.storm.multilang.JsonSerializer' }).spec;
}

/**
 * A spec from a later core than this runner knows: core's shape with the version bumped (core itself only writes
 * the current version), no components.
 */
function futureVersion(): Omit<TopologySpec, 'specVersion'> & { specVersion: number } {
  const builder = new TopologyBuilder();
  builder.setSpout('s', S);
  const spec = builder.createTopology('future').spec;
  return { ...spec, specVersion: spec.specVersion + 1, components: [] };
}

/** Each fixture file, relative to the repository root, and its content. */
export function specFixtures(): ReadonlyMap<string, string> {
  const text = (spec: object): string => `${JSON.stringify(spec)}\n`;
  return new Map([
    ['storm/src/test/resources/specs/wordcount.json', text(wordcount())],
    ['storm/src/test/resources/specs/all-groupings.json', text(allGroupings())],
    ['storm/src/test/resources/specs/serializer-user.json', text(serializerUser())],
    ['storm/src/test/resources/specs/version-2.json', text(futureVersion())],
    // The spec entry of a topology jar, where the runner's classpath lookup finds it.
    ['storm/src/test/resources/resources/twinstorm/topology.json', text(wordcount())],
  ]);
}
