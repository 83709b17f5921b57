import { describe, expect, it } from 'vitest';
import { Bolt } from './bolt.ts';
import { TopologyBuilder } from './builder.ts';
import { CONF_RULES } from './conf-rules.ts';
import type { ConfValue } from './conf.ts';
import { TwinstormError } from './errors.ts';
import { Spout } from './spout.ts';

class NumberSpout extends Spout {
  static outputFields = ['n'];
  nextTuple(): void {}
}

class SinkBolt extends Bolt {
  execute(): void {}
}

// Every key a runtime or the CLI reads: a value it must refuse, the rule as the error states it, and a value it must
// accept. The types and ranges of Storm's keys are its Config validators' (storm-client Config.java: @IsInteger,
// @IsPositiveNumber(includeZero), @IsBoolean, @IsString), so a value refused here would also be refused by Nimbus.
const KEYS: ReadonlyArray<readonly [key: string, bad: ConfValue, rule: string, good: ConfValue]> = [
  ['topology.name', 7, 'a non-empty string', 'wc'],
  ['topology.debug', 'yes', 'true or false', true],
  ['topology.workers', 'abc', 'an integer >= 1', 2],
  ['topology.acker.executors', -1, 'an integer >= 0', 0],
  ['topology.max.spout.pending', 'abc', 'an integer >= 1', 1000],
  ['topology.message.timeout.secs', 2.5, 'an integer >= 1', 30],
  ['topology.tick.tuple.freq.secs', 0, 'an integer >= 1', 5],
  ['topology.shellbolt.max.pending', 0, 'an integer >= 1', 100],
  ['topology.subprocess.timeout.secs', '30', 'an integer >= 1', 30],
  ['supervisor.worker.timeout.secs', -30, 'an integer >= 1', 30],
  ['topology.worker.max.heap.size.mb', 'lots', 'a number > 0', 768],
  ['topology.component.cpu.pcore.percent', 0, 'a number > 0', 100],
  ['topology.state.provider', '', 'a non-empty string', 'memory'],
  ['topology.state.provider.config', [1], 'a JSON object or its JSON text', { dir: '/tmp' }],
  ['topology.state.checkpoint.interval.ms', 0.5, 'an integer >= 1', 1000],
  ['twinstorm.bolt.max.concurrency', 0, 'an integer >= 1', 10],
  ['twinstorm.local.strict', 'on', 'true or false', false],
  ['twinstorm.local.adaptive.placement', 'yes', 'true or false', false],
  ['twinstorm.isolate', 1, 'true or false', true],
  ['twinstorm.shell.max.restarts', -1, 'an integer >= 0', 0],
  ['twinstorm.shell.restart.window.secs', 0, 'a number > 0', 60],
  ['twinstorm.shell.backoff.initial.ms', -1, 'a number >= 0', 0],
  ['twinstorm.shell.backoff.max.ms', 'long', 'a number >= 0', 5000],
  ['twinstorm.shell.kill.grace.ms', false, 'a number >= 0', 2000],
];

function builder(): TopologyBuilder {
  const b = new TopologyBuilder();
  b.setSpout('numbers', NumberSpout);
  return b;
}

function errorOf(fn: () => unknown): TwinstormError {
  try {
    fn();
  } catch (error) {
    if (error instanceof TwinstormError) return error;
    throw error;
  }
  throw new Error('expected a TwinstormError, nothing was thrown');
}

describe('CONF_RULES: every conf key read is checked, with one line naming key, value, rule and where', () => {
  it('the table above covers exactly the keys with a rule', () => {
    expect(KEYS.map(([key]) => key).sort()).toEqual([...CONF_RULES.keys()].sort());
  });

  it.each(KEYS)('%s = %j is refused in the topology conf (createTopology)', (key, bad, rule) => {
    const error = errorOf(() => builder().createTopology('t', { [key]: bad }));
    expect(error.code).toBe('E_INVALID_CONF');
    expect(error.message).toBe(`topology conf "${key}" must be ${rule}, got ${JSON.stringify(bad)}`);
  });

  it.each(KEYS)('%s = %j is refused in a component conf, naming the component', (key, bad, rule) => {
    const error = errorOf(() => builder().setBolt('sink', SinkBolt).shuffleGrouping('numbers').addConfiguration(key, bad));
    expect(error.code).toBe('E_INVALID_CONF');
    expect(error.site).toEqual({ component: 'sink' });
    expect(error.message).toBe(`component "sink": conf "${key}" must be ${rule}, got ${JSON.stringify(bad)}`);
  });

  it.each(KEYS)('%s = %j is refused when merged over a built topology (withConf, the CLI --conf)', (key, bad, rule) => {
    const topology = builder().createTopology('t');
    const error = errorOf(() => topology.withConf({ [key]: bad }));
    expect(error.message).toBe(`topology conf "${key}" must be ${rule}, got ${JSON.stringify(bad)}`);
  });

  it.each(KEYS)('%s = %j (its good value) and null are accepted', (key, _bad, _rule, good) => {
    expect(builder().createTopology('t', { [key]: good }).spec.conf[key]).toEqual(good);
    expect(builder().createTopology('t', { [key]: null }).spec.conf[key]).toBeNull();
  });

  it('leaves keys without a rule alone (users and connectors have their own)', () => {
    expect(builder().createTopology('t', { 'my.anything': 'lots', constructor: 1 }).spec.conf['my.anything']).toBe('lots');
  });
});
