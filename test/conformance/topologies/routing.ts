// Conformance topology "routing": every grouping, named streams and emitDirect in one topology (one Storm submission).
// The spout is replaced by a fixture spout emitting [key, n]; every bolt reports the task index that got the key.
import { Bolt, Spout, TopologyBuilder, type Tuple } from '@twinstorm/core';

/** Stands in for a real source; the testkit replaces it with a fixture spout. */
export class KeySpout extends Spout {
  static outputFields = ['key', 'n'];
  nextTuple(): void {}
}

/** Emits [key, its own task index], anchored: which task a grouping sent the key to. */
export class WhereBolt extends Bolt {
  static outputFields = ['key', 'task'];
  execute(t: Tuple): void {
    this.emit([t.get('key'), this.context.taskIndex], { anchors: [t] });
    this.ack(t);
  }
}

/** Splits by n into the named streams "evens" and "odds". */
export class StreamsBolt extends Bolt {
  static outputs = { evens: ['key', 'n'], odds: ['key', 'n'] };
  execute(t: Tuple): void {
    const n = t.getNumber('n');
    this.emit([t.get('key'), n], { stream: n % 2 === 0 ? 'evens' : 'odds', anchors: [t] });
    this.ack(t);
  }
}

/** Sends each key straight to task index n % tasks of "direct", on a direct stream. */
export class DirectorBolt extends Bolt {
  static outputs = { direct: { fields: ['key', 'target'], direct: true } };
  execute(t: Tuple): void {
    const tasks = this.context.componentTasks('direct');
    const target = t.getNumber('n') % tasks.length;
    this.emitDirect(tasks[target]!, [t.get('key'), target], { stream: 'direct', anchors: [t] });
    this.ack(t);
  }
}

/** Task counts, shared with the test's expectations. */
export const TASKS = { shuffle: 2, fields: 3, all: 2, global: 2, none: 2, 'local-or-shuffle': 2, direct: 3 } as const;

const b = new TopologyBuilder();
b.setSpout('keys', KeySpout, 1);
b.setBolt('shuffle', WhereBolt, TASKS.shuffle).shuffleGrouping('keys');
b.setBolt('fields', WhereBolt, TASKS.fields).fieldsGrouping('keys', ['key']);
b.setBolt('all', WhereBolt, TASKS.all).allGrouping('keys');
b.setBolt('global', WhereBolt, TASKS.global).globalGrouping('keys');
b.setBolt('none', WhereBolt, TASKS.none).noneGrouping('keys');
b.setBolt('local-or-shuffle', WhereBolt, TASKS['local-or-shuffle']).localOrShuffleGrouping('keys');
b.setBolt('streams', StreamsBolt, 1).shuffleGrouping('keys');
b.setBolt('odds', WhereBolt, 1).shuffleGrouping('streams', 'odds');
b.setBolt('director', DirectorBolt, 1).shuffleGrouping('keys');
b.setBolt('direct', WhereBolt, TASKS.direct).directGrouping('director', 'direct');
export default b.createTopology('conformance-routing');
