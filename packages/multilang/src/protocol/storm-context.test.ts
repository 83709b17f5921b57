import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Bolt, Spout, TopologyBuilder, type TopologySpec } from '@twinstorm/core';
import { describe, expect, it } from 'vitest';
import { javaHashMapOrder } from './java-map-order.ts';
import { componentTasksFromContext, parseStormHandshake, taskIndexFromContext } from './parse-handshake.ts';
import { buildStormConf, buildStormContext, buildStormHandshake, groupingFromStormJson, groupingToStormJson } from './storm-context.ts';

class Words extends Spout {
  static outputs = { default: ['word'], odd: ['word', 'n'], pick: { fields: ['n'], direct: true } };
  nextTuple(): void {}
}
class Split extends Bolt {
  static outputFields = ['word'];
  execute(): void {}
}
class Count extends Bolt {
  static outputs = { default: ['word', 'count'], totals: ['total'] };
  execute(): void {}
}
class Sink extends Bolt {
  execute(): void {}
}

/** The topology of test/support/java/ContextDump.java, built with our builder. */
function spec(): TopologySpec {
  const b = new TopologyBuilder();
  b.setSpout('words', Words, 2);
  b.setBolt('split', Split, 3).shuffleGrouping('words').localOrShuffleGrouping('words', 'odd');
  b.setBolt('count', Count, 2).fieldsGrouping('split', ['word']).allGrouping('words', 'odd').directGrouping('words', 'pick');
  b.setBolt('sink', Sink, 1).globalGrouping('count').noneGrouping('count', 'totals').shuffleGrouping('split');
  return b.createTopology('t', { 'topology.workers': 1 }).spec;
}

function golden(task: number): string {
  const url = new URL(`../../test/fixtures/storm-context/task-${task}.json`, import.meta.url);
  // Re-serialise: the file may be reformatted; JSON.parse keeps key order, which is what we compare.
  return JSON.stringify(JSON.parse(readFileSync(fileURLToPath(url), 'utf8')));
}

describe('buildStormHandshake', () => {
  it.each([2, 4, 6, 8])('matches what storm-client 2.8.4 writes for task %i, key order included', (task) => {
    const hs = buildStormHandshake(spec(), task, { pidDir: '/tmp/pids' });
    const withoutConf = JSON.stringify({ ...hs, conf: {} });
    expect(withoutConf).toBe(golden(task));
  });

  it('numbers tasks as Storm does (__acker first here) and sends every task in task->component', () => {
    const ctx = buildStormContext(spec(), 6);
    expect(ctx['task->component']).toEqual({
      '1': '__acker',
      '2': 'count',
      '3': 'count',
      '4': 'sink',
      '5': 'split',
      '6': 'split',
      '7': 'split',
      '8': 'words',
      '9': 'words',
    });
    expect(ctx.taskid).toBe(6);
    expect(ctx.componentid).toBe('split');
    expect(taskIndexFromContext(ctx)).toBe(1);
    expect(componentTasksFromContext(ctx).get('split')).toEqual([5, 6, 7]);
  });

  it('rejects a task of no user component with the known tasks named', () => {
    expect(() => buildStormContext(spec(), 1)).toThrow(/task 1 .*count: 2,3/);
    expect(() => buildStormContext(spec(), 42)).toThrow(/task 42/);
  });
});

describe('buildStormConf', () => {
  it('merges defaults, topology conf, name and id; a component conf may only set whitelisted Storm keys', () => {
    const b = new TopologyBuilder();
    b.setSpout('s', Words, 1);
    b.setBolt('b', Split, 1)
      .shuffleGrouping('s')
      .addConfigurations({ 'topology.tick.tuple.freq.secs': 5, 'topology.shellbolt.max.pending': 7, 'my.key': 'x' });
    const s = b.createTopology('named', { 'topology.message.timeout.secs': 12 }).spec;
    const bolt = buildStormConf(s, 2);
    expect(bolt['topology.name']).toBe('named');
    expect(bolt['storm.id']).toBe('named-1-0');
    expect(bolt['topology.message.timeout.secs']).toBe(12);
    expect(bolt['topology.tick.tuple.freq.secs']).toBe(5);
    expect(bolt['topology.shellbolt.max.pending']).toBe(100); // removed from component conf by Storm
    expect(bolt['my.key']).toBe('x');
    expect(bolt['supervisor.worker.timeout.secs']).toBe(30);
    // Spouts get the message timeout as tick frequency (StormCommon.addAcker).
    expect(buildStormConf(s, 3)['topology.tick.tuple.freq.secs']).toBe(12);
  });
});

describe('groupings', () => {
  it('round-trips every grouping through Storm JSON', () => {
    for (const g of [
      { type: 'shuffle' },
      { type: 'localOrShuffle' },
      { type: 'fields', fields: ['a', 'b'] },
      { type: 'all' },
      { type: 'global' },
      { type: 'none' },
      { type: 'direct' },
    ] as const) {
      expect(groupingFromStormJson(groupingToStormJson(g))).toEqual(g);
    }
    expect(groupingFromStormJson({ type: 'CUSTOM_OBJECT' })).toBeNull();
  });
});

describe('parseStormHandshake', () => {
  it('accepts what buildStormHandshake produces', () => {
    const hs = buildStormHandshake(spec(), 8, { pidDir: '/tmp/p' });
    const parsed = parseStormHandshake(JSON.parse(JSON.stringify(hs)));
    expect(parsed.ok).toBe(true);
  });

  it('accepts the golden handshake written by storm-client', () => {
    expect(parseStormHandshake(JSON.parse(golden(2))).ok).toBe(true);
  });

  it('names every problem of a malformed handshake', () => {
    const bad = parseStormHandshake({
      pidDir: 3,
      conf: [],
      context: {
        'task->component': { '1': 'a' },
        taskid: 2,
        componentid: 'b',
        streams: 'default',
        'stream->outputfields': { default: [1] },
        'stream->target->grouping': { default: { x: { type: 'WEIRD' } } },
        'source->stream->grouping': {},
      },
    });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.problems).toEqual([
        'pidDir: expected a non-empty string',
        'conf: expected an object',
        'context.task->component: task 2 is not mapped to componentid',
        'context.streams: expected a list of strings',
        'context.stream->outputfields.default: expected a list of field names',
        'context.stream->target->grouping.default.x: expected a grouping',
        'context.source->stream->fields: expected an object',
      ]);
    }
    expect(parseStormHandshake([1]).ok).toBe(false);
  });
});

describe('javaHashMapOrder', () => {
  it('orders as java.util.HashMap iterates (checked against the JVM: words streams, split targets)', () => {
    expect(javaHashMapOrder(['default', 'odd', 'pick'])).toEqual(['default', 'pick', 'odd']);
    expect(javaHashMapOrder(['count', 'sink'])).toEqual(['sink', 'count']);
    expect(javaHashMapOrder(['pidDir', 'conf', 'context'])).toEqual(['pidDir', 'context', 'conf']);
  });

  it('grows the table as HashMap does (13 keys: 32 buckets)', () => {
    const keys = Array.from({ length: 13 }, (_, i) => 100 + i * 16);
    // With 16 buckets all would collide in bucket 4; with 32 they split by bit 4.
    expect(javaHashMapOrder(keys)).toEqual([...keys.filter((k) => (k & 16) === 0), ...keys.filter((k) => (k & 16) !== 0)]);
  });
});
