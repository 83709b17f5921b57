import { describe, expect, it } from 'vitest';
import { BasicBolt, Bolt } from './bolt.ts';
import { TopologyBuilder } from './builder.ts';
import { TwinstormError, type ErrorSite, type TwinstormErrorCode } from './errors.ts';
import { TOPOLOGY_SPEC_VERSION, type TopologySpec } from './spec.ts';
import { Spout } from './spout.ts';
import { isTopology, type BoltClass, type SpoutClass } from './topology.ts';
import type { Conf } from './conf.ts';

class NumberSpout extends Spout {
  static outputFields = ['n'];
  nextTuple(): void {}
}

class MultiSpout extends Spout {
  static outputs = {
    default: ['n'],
    evens: ['n', 'half'],
    pick: { fields: ['n'], direct: true },
    plain: { fields: ['n'] },
  };
  nextTuple(): void {}
}

class SquareBolt extends Bolt {
  static outputFields = ['n', 'sq'];
  execute(): void {}
}

class SumBolt extends BasicBolt {
  static outputFields = ['sum'];
  execute(): void {}
}

class SinkBolt extends Bolt {
  execute(): void {}
}

/** Runs `fn`, expecting a TwinstormError with this code whose message contains every fragment and whose site matches. */
function expectError(fn: () => unknown, code: TwinstormErrorCode, fragments: readonly string[], site?: ErrorSite): TwinstormError {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught, 'expected an error').toBeInstanceOf(TwinstormError);
  const err = caught as TwinstormError;
  expect(err.code).toBe(code);
  expect(err.name).toBe('TwinstormError');
  for (const f of fragments) expect(err.message).toContain(f);
  if (site !== undefined) expect(err.site).toMatchObject(site);
  return err;
}

/** A builder with one spout "numbers" (default stream ["n"]). */
function withNumbers(): TopologyBuilder {
  const b = new TopologyBuilder();
  b.setSpout('numbers', NumberSpout);
  return b;
}

describe('TopologyBuilder build-time errors', () => {
  it('rejects a subscription to an unknown component, naming subscriber, source and stream', () => {
    const b = withNumbers();
    b.setBolt('square', SquareBolt).shuffleGrouping('numbrs');
    expectError(() => b.createTopology('t'), 'E_UNKNOWN_SOURCE', ['component "square"', 'stream "default"', '"numbrs"'], {
      component: 'square',
      stream: 'default',
    });
  });

  it('rejects a subscription to an undeclared stream and lists the declared ones', () => {
    const b = new TopologyBuilder();
    b.setSpout('multi', MultiSpout);
    b.setBolt('square', SquareBolt).shuffleGrouping('multi', 'odds');
    expectError(
      () => b.createTopology('t'),
      'E_UNDECLARED_STREAM',
      ['component "square"', 'stream "odds"', '"multi"', '[default, evens, pick, plain]'],
      { component: 'square', stream: 'odds' },
    );
  });

  it('says "no streams" when the source declares none', () => {
    const b = withNumbers();
    b.setBolt('sink', SinkBolt).shuffleGrouping('numbers');
    b.setBolt('after', SinkBolt).shuffleGrouping('sink');
    expectError(() => b.createTopology('t'), 'E_UNDECLARED_STREAM', ['component "after"', '"sink"', 'declares no streams']);
  });

  it('rejects fields grouping on an undeclared field, naming component, stream and field', () => {
    const b = new TopologyBuilder();
    b.setSpout('multi', MultiSpout);
    b.setBolt('square', SquareBolt).fieldsGrouping('multi', ['n', 'double'], 'evens');
    expectError(
      () => b.createTopology('t'),
      'E_UNKNOWN_FIELD',
      ['component "square"', 'stream "evens"', 'field "double"', '"multi"', '[n, half]'],
      { component: 'square', stream: 'evens', field: 'double' },
    );
  });

  it('rejects a duplicate component id, also across spouts and bolts', () => {
    const b = withNumbers();
    expectError(() => b.setSpout('numbers', NumberSpout), 'E_DUPLICATE_COMPONENT', ['component "numbers"', 'twice'], {
      component: 'numbers',
    });
    expectError(() => b.setBolt('numbers', SquareBolt), 'E_DUPLICATE_COMPONENT', ['component "numbers"']);
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('rejects parallelism %s', (p) => {
    const b = new TopologyBuilder();
    expectError(() => b.setSpout('numbers', NumberSpout, p), 'E_INVALID_PARALLELISM', ['component "numbers"', String(p)], {
      component: 'numbers',
    });
    expectError(() => b.setBolt('square', SquareBolt, p), 'E_INVALID_PARALLELISM', ['component "square"', String(p)]);
  });

  it('rejects a non-number parallelism from plain JS', () => {
    expectError(() => new TopologyBuilder().setSpout('numbers', NumberSpout, '2' as unknown as number), 'E_INVALID_PARALLELISM', [
      'component "numbers"',
    ]);
  });

  it('rejects a spout class passed to setBolt', () => {
    expectError(
      () => new TopologyBuilder().setBolt('square', NumberSpout as unknown as BoltClass),
      'E_NOT_A_BOLT',
      ['component "square"', 'is a spout, used as a bolt'],
      { component: 'square' },
    );
  });

  it('rejects a bolt (or BasicBolt) class passed to setSpout', () => {
    expectError(
      () => new TopologyBuilder().setSpout('numbers', SquareBolt as unknown as SpoutClass),
      'E_NOT_A_SPOUT',
      ['component "numbers"', 'is a bolt, used as a spout'],
      { component: 'numbers' },
    );
    expectError(() => new TopologyBuilder().setSpout('numbers', SumBolt as unknown as SpoutClass), 'E_NOT_A_SPOUT', [
      'is a bolt, used as a spout',
    ]);
  });

  it.each([
    ['a plain object', {}],
    ['an arrow function', () => undefined],
    ['a class that is not a component', class Foo {}],
    ['null', null],
    ['a string', 'NumberSpout'],
  ])('rejects %s as a spout or a bolt', (_what, value) => {
    expectError(() => new TopologyBuilder().setSpout('s', value as unknown as SpoutClass), 'E_NOT_A_SPOUT', [
      'component "s"',
      'is not a Spout class with nextTuple()',
    ]);
    expectError(() => new TopologyBuilder().setBolt('b', value as unknown as BoltClass), 'E_NOT_A_BOLT', [
      'component "b"',
      'is not a Bolt or BasicBolt class with execute()',
    ]);
  });

  it('rejects a class that claims to be a spout but has no nextTuple (plain JS)', () => {
    class Fake {
      static twinstormKind = 'spout';
    }
    expectError(() => new TopologyBuilder().setSpout('s', Fake as unknown as SpoutClass), 'E_NOT_A_SPOUT', ['component "s"']);
  });

  it.each(['__x', '__acker', '__system', ''])('rejects the reserved or empty component id %j', (id) => {
    expectError(() => new TopologyBuilder().setSpout(id, NumberSpout), 'E_INVALID_COMPONENT_ID', [JSON.stringify(id), 'reserved']);
    expectError(() => new TopologyBuilder().setBolt(id, SquareBolt), 'E_INVALID_COMPONENT_ID', [JSON.stringify(id)]);
  });

  it('rejects a non-string component id', () => {
    expectError(() => new TopologyBuilder().setSpout(7 as unknown as string, NumberSpout), 'E_INVALID_COMPONENT_ID', ['7']);
  });

  it.each([
    ['an empty array', []],
    ['a string', 'n'],
    ['an array with a non-string', ['n', 3]],
  ])('rejects fields grouping with %s at once', (_what, fields) => {
    const d = withNumbers().setBolt('square', SquareBolt);
    expectError(
      () => d.fieldsGrouping('numbers', fields as unknown as string[]),
      'E_INVALID_GROUPING',
      ['component "square"', 'stream "default"', 'fieldsGrouping on "numbers"', 'non-empty array'],
      { component: 'square', stream: 'default' },
    );
  });

  it('rejects a second subscription to the same component and stream, even with another grouping', () => {
    const d = withNumbers().setBolt('square', SquareBolt).shuffleGrouping('numbers');
    expectError(() => d.allGrouping('numbers'), 'E_INVALID_GROUPING', ['component "square"', 'stream "default"', '"numbers" twice'], {
      component: 'square',
      stream: 'default',
    });
  });

  it('allows subscribing to two streams of the same component', () => {
    const b = new TopologyBuilder();
    b.setSpout('multi', MultiSpout);
    b.setBolt('square', SquareBolt).shuffleGrouping('multi').shuffleGrouping('multi', 'evens');
    expect(
      b
        .createTopology('t')
        .component('square')
        .inputs.map((i) => i.stream),
    ).toEqual(['default', 'evens']);
  });

  it('rejects a non-string source or stream id (plain JS)', () => {
    const d = withNumbers().setBolt('square', SquareBolt);
    expectError(() => d.shuffleGrouping(undefined as unknown as string), 'E_INVALID_GROUPING', ['component "square"']);
    expectError(() => d.shuffleGrouping('numbers', 5 as unknown as string), 'E_INVALID_GROUPING', ['component "square"']);
  });

  it('rejects direct grouping on a stream that is not direct', () => {
    const b = new TopologyBuilder();
    b.setSpout('multi', MultiSpout);
    b.setBolt('square', SquareBolt).directGrouping('multi', 'plain');
    expectError(() => b.createTopology('t'), 'E_INVALID_GROUPING', ['component "square"', 'stream "plain"', 'not declared direct'], {
      component: 'square',
      stream: 'plain',
    });
  });

  it.each(['shuffleGrouping', 'allGrouping', 'globalGrouping', 'noneGrouping', 'localOrShuffleGrouping'] as const)(
    'rejects %s on a direct stream',
    (grouping) => {
      const b = new TopologyBuilder();
      b.setSpout('multi', MultiSpout);
      b.setBolt('square', SquareBolt)[grouping]('multi', 'pick');
      expectError(() => b.createTopology('t'), 'E_INVALID_GROUPING', ['component "square"', 'stream "pick"', 'is direct']);
    },
  );

  it('rejects fields grouping on a direct stream', () => {
    const b = new TopologyBuilder();
    b.setSpout('multi', MultiSpout);
    b.setBolt('square', SquareBolt).fieldsGrouping('multi', ['n'], 'pick');
    expectError(() => b.createTopology('t'), 'E_INVALID_GROUPING', ['fields grouping', 'stream "pick"', 'directGrouping']);
  });

  it('rejects a topology without spouts', () => {
    expectError(() => new TopologyBuilder().createTopology('empty'), 'E_NO_SPOUTS', ['"empty"', 'no spout']);
    const b = new TopologyBuilder();
    b.setBolt('sink', SinkBolt);
    expectError(() => b.createTopology('bolts-only'), 'E_NO_SPOUTS', ['"bolts-only"']);
  });

  it.each(['', '   ', 'word count', 'a.b', 'a:b', 'a/b', 'a\\b', 'tab\there'])('rejects the topology name %j', (name) => {
    expectError(() => withNumbers().createTopology(name), 'E_INVALID_SPEC', [JSON.stringify(name), "Storm's rule"]);
  });

  it('rejects a non-string topology name (plain JS)', () => {
    expectError(() => withNumbers().createTopology(undefined as unknown as string), 'E_INVALID_SPEC', ['topology name']);
  });

  it.each([
    ['NaN', { 'my.key': Number.NaN }, 'NaN'],
    ['Infinity', { 'my.key': Number.POSITIVE_INFINITY }, 'Infinity'],
    ['a function', { 'my.key': () => 1 }, 'function'],
    ['a symbol', { 'my.key': Symbol('s') }, 'symbol'],
    ['a bigint', { 'my.key': 10n }, 'bigint'],
    ['NaN nested in an object', { 'my.key': { inner: [1, Number.NaN] } }, 'NaN'],
    ['undefined inside an array', { 'my.key': [1, undefined] }, 'undefined'],
    ['a Date', { 'my.key': new Date(0) }, 'Date'],
    ['a Map', { 'my.key': new Map([['a', 1]]) }, 'Map'],
    ['a byte array', { 'my.key': new Uint8Array([1, 2]) }, 'Uint8Array'],
  ])('rejects non-JSON topology conf: %s', (_what, conf, fragment) => {
    const err = expectError(() => withNumbers().createTopology('t', conf as unknown as Conf), 'E_INVALID_CONF', [
      'conf "my.key"',
      fragment,
    ]);
    expect(err.site.component).toBeUndefined();
  });

  it('rejects non-JSON component conf, naming the component', () => {
    const d = withNumbers().setBolt('square', SquareBolt);
    expectError(() => d.addConfiguration('my.key', Number.NaN), 'E_INVALID_CONF', ['component "square"', 'conf "my.key"', 'NaN'], {
      component: 'square',
    });
    expectError(
      () => d.addConfigurations({ 'my.key': (() => 1) as unknown as number }),
      'E_INVALID_CONF',
      ['component "square"', 'function'],
      { component: 'square' },
    );
  });

  it('rejects a conf that is not an object', () => {
    expectError(() => withNumbers().createTopology('t', [] as unknown as Conf), 'E_INVALID_CONF', ['conf must be an object']);
    expectError(() => withNumbers().createTopology('t', null as unknown as Conf), 'E_INVALID_CONF', ['conf must be an object']);
  });

  it.each([0, -1, 0.5, Number.NaN, '5'])('rejects topology.tick.tuple.freq.secs = %s, on the topology and on a component', (freq) => {
    expectError(() => withNumbers().createTopology('t', { 'topology.tick.tuple.freq.secs': freq as number }), 'E_INVALID_CONF', [
      'topology.tick.tuple.freq.secs',
    ]);
    const d = withNumbers().setBolt('square', SquareBolt);
    expectError(() => d.addConfiguration('topology.tick.tuple.freq.secs', freq), 'E_INVALID_CONF', [
      'component "square"',
      'topology.tick.tuple.freq.secs',
    ]);
  });

  it('accepts null for keys Storm allows to be null, and drops undefined keys', () => {
    const t = withNumbers().createTopology('t', {
      'topology.max.spout.pending': null,
      'topology.tick.tuple.freq.secs': null,
      'my.dropped': undefined,
    });
    expect(t.spec.conf).toEqual({ 'topology.max.spout.pending': null, 'topology.tick.tuple.freq.secs': null });
    expect('my.dropped' in t.spec.conf).toBe(false);
  });

  it('rejects malformed output declarations when the component is declared', () => {
    class BadOutputs extends Bolt {
      static outputFields = ['a', 'a'];
      execute(): void {}
    }
    expectError(() => new TopologyBuilder().setBolt('bad', BadOutputs), 'E_INVALID_OUTPUTS', [
      'component "bad"',
      'stream "default"',
      'field "a" is declared twice',
    ]);
  });
});

describe('TopologyBuilder happy path: the TopologySpec', () => {
  function fullTopology() {
    const b = new TopologyBuilder();
    b.setSpout('multi', MultiSpout, 2).addConfiguration('my.spout.flag', true);
    b.setSpout('numbers', NumberSpout);
    b.setBolt('square', SquareBolt, 3)
      .shuffleGrouping('numbers')
      .fieldsGrouping('multi', ['n'], 'evens')
      .allGrouping('multi')
      .directGrouping('multi', 'pick')
      .addConfiguration('topology.tick.tuple.freq.secs', 5);
    b.setBolt('sum', SumBolt, 1)
      .globalGrouping('square')
      .noneGrouping('numbers')
      .localOrShuffleGrouping('multi', 'plain')
      .addConfigurations({ 'my.nested': { a: [1, 'two', null, { b: false }] }, 'my.dropped': undefined });
    b.setBolt('sink', SinkBolt).shuffleGrouping('sum');
    return b.createTopology('full-topology', { 'topology.workers': 2, 'topology.max.spout.pending': 100, 'topology.debug': false });
  }

  const expected: TopologySpec = {
    specVersion: 1,
    name: 'full-topology',
    conf: { 'topology.workers': 2, 'topology.max.spout.pending': 100, 'topology.debug': false },
    components: [
      {
        id: 'multi',
        kind: 'spout',
        className: 'MultiSpout',
        parallelism: 2,
        streams: {
          default: { fields: ['n'], direct: false },
          evens: { fields: ['n', 'half'], direct: false },
          pick: { fields: ['n'], direct: true },
          plain: { fields: ['n'], direct: false },
        },
        inputs: [],
        conf: { 'my.spout.flag': true },
      },
      {
        id: 'numbers',
        kind: 'spout',
        className: 'NumberSpout',
        parallelism: 1,
        streams: { default: { fields: ['n'], direct: false } },
        inputs: [],
        conf: {},
      },
      {
        id: 'square',
        kind: 'bolt',
        className: 'SquareBolt',
        parallelism: 3,
        streams: { default: { fields: ['n', 'sq'], direct: false } },
        inputs: [
          { component: 'numbers', stream: 'default', grouping: { type: 'shuffle' } },
          { component: 'multi', stream: 'evens', grouping: { type: 'fields', fields: ['n'] } },
          { component: 'multi', stream: 'default', grouping: { type: 'all' } },
          { component: 'multi', stream: 'pick', grouping: { type: 'direct' } },
        ],
        conf: { 'topology.tick.tuple.freq.secs': 5 },
      },
      {
        id: 'sum',
        kind: 'basic-bolt',
        className: 'SumBolt',
        parallelism: 1,
        streams: { default: { fields: ['sum'], direct: false } },
        inputs: [
          { component: 'square', stream: 'default', grouping: { type: 'global' } },
          { component: 'numbers', stream: 'default', grouping: { type: 'none' } },
          { component: 'multi', stream: 'plain', grouping: { type: 'localOrShuffle' } },
        ],
        conf: { 'my.nested': { a: [1, 'two', null, { b: false }] } },
      },
      {
        id: 'sink',
        kind: 'bolt',
        className: 'SinkBolt',
        parallelism: 1,
        streams: {},
        inputs: [{ component: 'sum', stream: 'default', grouping: { type: 'shuffle' } }],
        conf: {},
      },
    ],
    source: null,
  };

  it('holds every component, in declaration order, with kind, class, parallelism, streams, inputs and conf', () => {
    const t = fullTopology();
    expect(t.spec).toEqual(expected);
    expect(t.spec.components.map((c) => c.id)).toEqual(['multi', 'numbers', 'square', 'sum', 'sink']);
    expect(Object.keys(t.spec.components[0]?.streams ?? {})).toEqual(['default', 'evens', 'pick', 'plain']);
  });

  it('is plain JSON', () => {
    const t = fullTopology();
    expect(JSON.parse(JSON.stringify(t.spec))).toStrictEqual(t.spec);
    expect(JSON.parse(JSON.stringify(t))).toStrictEqual(t.spec);
  });

  it('is versioned', () => {
    expect(TOPOLOGY_SPEC_VERSION).toBe(1);
    expect(fullTopology().spec.specVersion).toBe(1);
  });

  it('is deeply frozen', () => {
    const spec = fullTopology().spec;
    expect(Object.isFrozen(spec)).toBe(true);
    expect(Object.isFrozen(spec.conf)).toBe(true);
    expect(Object.isFrozen(spec.components)).toBe(true);
    for (const c of spec.components) {
      expect(Object.isFrozen(c)).toBe(true);
      expect(Object.isFrozen(c.conf)).toBe(true);
      expect(Object.isFrozen(c.inputs)).toBe(true);
      for (const i of c.inputs) expect(Object.isFrozen(i.grouping)).toBe(true);
      for (const s of Object.values(c.streams)) expect(Object.isFrozen(s.fields)).toBe(true);
    }
    expect(() => {
      (spec.conf as Record<string, unknown>)['topology.workers'] = 9;
    }).toThrow(TypeError);
    expect(() => {
      (spec.components as unknown[]).push({});
    }).toThrow(TypeError);
  });

  it('is independent of the builder and of the objects passed in', () => {
    const nested = { list: [1, 2] };
    const b = withNumbers();
    const d = b.setBolt('square', SquareBolt).shuffleGrouping('numbers').addConfiguration('my.nested', nested);
    const conf = { 'topology.workers': 1 };
    const first = b.createTopology('first', conf);
    nested.list.push(3);
    conf['topology.workers'] = 5;
    d.addConfiguration('later', 1).allGrouping('square');
    b.setBolt('late', SinkBolt).shuffleGrouping('square');
    expect(first.spec.conf).toEqual({ 'topology.workers': 1 });
    expect(first.component('square').conf).toEqual({ 'my.nested': { list: [1, 2] } });
    expect(first.component('square').inputs).toHaveLength(1);
    expect(first.spec.components).toHaveLength(2);
    expect(Object.isFrozen(nested)).toBe(false);
    const second = b.createTopology('second');
    expect(second.spec.components.map((c) => c.id)).toEqual(['numbers', 'square', 'late']);
  });

  it('defaults parallelism to 1, conf to {}, and maps ids to their classes', () => {
    const b = withNumbers();
    b.setBolt('square', SquareBolt).shuffleGrouping('numbers');
    const t = b.createTopology('t');
    expect(t.name).toBe('t');
    expect(t.spec.conf).toEqual({});
    expect(t.component('numbers').parallelism).toBe(1);
    expect(t.componentClass('numbers')).toBe(NumberSpout);
    expect(t.componentClass('square')).toBe(SquareBolt);
    expect(isTopology(t)).toBe(true);
    expect(isTopology(t.spec)).toBe(false);
  });

  it('names unknown components in Topology lookups', () => {
    const t = withNumbers().createTopology('t');
    expectError(() => t.component('nope'), 'E_UNKNOWN_COMPONENT', ['component "nope"', 'topology "t"']);
    expectError(() => t.componentClass('nope'), 'E_UNKNOWN_COMPONENT', ['component "nope"']);
  });

  it('records an anonymous class as "(anonymous)"', () => {
    const anonymous = (() =>
      class extends Spout {
        nextTuple(): void {}
      })();
    Object.defineProperty(anonymous, 'name', { value: '' });
    const b = new TopologyBuilder();
    b.setSpout('anon', anonymous);
    expect(b.createTopology('t').component('anon').className).toBe('(anonymous)');
  });

  it('withSource records the module and export, keeping the classes; the original is unchanged', () => {
    const t = fullTopology();
    const source = { module: '/abs/path/topology.ts', export: 'default' };
    const loaded = t.withSource(source);
    expect(loaded.spec.source).toEqual(source);
    expect(loaded.spec.source).not.toBe(source);
    expect(t.spec.source).toBeNull();
    expect(loaded.spec.components).toEqual(t.spec.components);
    expect(loaded.componentClass('square')).toBe(SquareBolt);
    expect(Object.isFrozen(loaded.spec)).toBe(true);
    expect(Object.isFrozen(loaded.spec.source)).toBe(true);
    expect(JSON.parse(JSON.stringify(loaded.spec))).toStrictEqual(loaded.spec);
  });

  it('withConf merges conf over the topology conf; the original is unchanged', () => {
    const t = fullTopology();
    const extra = { 'topology.workers': 4, 'topology.message.timeout.secs': 10, 'my.obj': { a: 1 } };
    const more = t.withConf(extra);
    expect(more.spec.conf).toEqual({
      'topology.workers': 4,
      'topology.max.spout.pending': 100,
      'topology.debug': false,
      'topology.message.timeout.secs': 10,
      'my.obj': { a: 1 },
    });
    expect(t.spec.conf['topology.workers']).toBe(2);
    expect(more.componentClass('sum')).toBe(SumBolt);
    expect(Object.isFrozen(more.spec)).toBe(true);
    expect(Object.isFrozen(more.spec.conf)).toBe(true);
    expect(Object.isFrozen(more.spec.conf['my.obj'])).toBe(true);
    expect(Object.isFrozen(extra['my.obj'])).toBe(false);
    expect(JSON.parse(JSON.stringify(more.spec))).toStrictEqual(more.spec);
    expect(t.withSource({ module: 'm.js', export: 'x' }).withConf({ 'topology.workers': 3 }).spec.source).toEqual({
      module: 'm.js',
      export: 'x',
    });
  });

  it('withConf validates the conf as createTopology does', () => {
    const t = fullTopology();
    expectError(() => t.withConf({ 'my.key': Number.NaN }), 'E_INVALID_CONF', ['conf "my.key"', 'NaN']);
    expectError(() => t.withConf({ 'topology.tick.tuple.freq.secs': 0 }), 'E_INVALID_CONF', ['topology.tick.tuple.freq.secs']);
    expectError(() => t.withConf({ 'topology.max.spout.pending': '10' as unknown as number }), 'E_INVALID_CONF', [
      'topology.max.spout.pending',
    ]);
  });
});
