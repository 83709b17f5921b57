import { describe, expect, it } from 'vitest';
import { BasicBolt, Bolt } from './bolt.ts';
import { TopologyBuilder } from './builder.ts';
import { TwinstormError } from './errors.ts';
import { Spout } from './spout.ts';
import type { BoltClass } from './topology.ts';

class NumberSpout extends Spout {
  static outputFields = ['n'];
  nextTuple(): void {}
}

class SquareBolt extends BasicBolt {
  static outputFields = ['n', 'sq'];
  execute(): void {}
}

/** What a multilang host's factory produces: a Bolt class carrying the command statically. */
class PythonSquare extends Bolt {
  static outputFields = ['n', 'sq'];
  static shell = { command: 'python3', args: ['square.py'] };
  execute(): void {}
}

function boltWithShell(shell: unknown, base: typeof Bolt = Bolt): BoltClass {
  return class extends (base as unknown as new () => Bolt) {
    static outputFields = ['n', 'sq'];
    static shell = shell;
    execute(): void {}
  } as unknown as BoltClass;
}

function caught(fn: () => unknown): TwinstormError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(TwinstormError);
    return error as TwinstormError;
  }
  throw new Error('expected an error');
}

function build(square: BoltClass): ReturnType<TopologyBuilder['createTopology']> {
  const b = new TopologyBuilder();
  b.setSpout('numbers', NumberSpout);
  b.setBolt('square', square, 2).shuffleGrouping('numbers');
  return b.createTopology('t');
}

describe('shell components in the builder', () => {
  it('records the command and args in the spec; TypeScript components have no shell key', () => {
    const topology = build(PythonSquare);
    expect(topology.component('square')).toMatchObject({ kind: 'bolt', shell: { command: 'python3', args: ['square.py'] } });
    expect('shell' in topology.component('numbers')).toBe(false);
    expect((JSON.parse(JSON.stringify(topology.spec)) as typeof topology.spec).components[1]?.shell).toEqual({
      command: 'python3',
      args: ['square.py'],
    });
    expect(topology.spec.specVersion).toBe(1);
  });

  it('defaults missing args to []', () => {
    expect(build(boltWithShell({ command: 'ruby' })).component('square').shell).toEqual({ command: 'ruby', args: [] });
  });

  it.each([
    ['an empty command', { command: '  ', args: [] }, 'shell command must be a non-empty string'],
    ['a non-string command', { command: 7, args: [] }, 'shell command must be a non-empty string'],
    ['non-string args', { command: 'python3', args: ['a.py', 3] }, 'shell args must be an array of strings'],
    ['args that are not an array', { command: 'python3', args: 'a.py' }, 'shell args must be an array of strings'],
    ['a shell that is not an object', 'python3 a.py', 'static shell must be an object'],
  ])('rejects %s, naming the component', (_what, shell, message) => {
    const error = caught(() => build(boltWithShell(shell)));
    expect(error.code).toBe('E_INVALID_SHELL');
    expect(error.message).toContain('component "square"');
    expect(error.message).toContain(message);
  });

  it('rejects a shell BasicBolt (the subprocess acks its own input)', () => {
    const error = caught(() => build(boltWithShell({ command: 'python3', args: [] }, BasicBolt)));
    expect(error.code).toBe('E_INVALID_SHELL');
    expect(error.message).toContain('component "square": a shell component cannot be a BasicBolt');
  });
});

describe('Topology.withComponentClass', () => {
  it('swaps the class; kind, class name and shell follow it, wiring and parallelism are kept', () => {
    const original = build(SquareBolt);
    const swapped = original.withComponentClass('square', PythonSquare);
    expect(swapped.componentClass('square')).toBe(PythonSquare);
    expect(swapped.component('square')).toEqual({
      ...original.component('square'),
      kind: 'bolt',
      className: 'PythonSquare',
      shell: { command: 'python3', args: ['square.py'] },
    });
    expect(original.componentClass('square')).toBe(SquareBolt);
    expect('shell' in original.component('square')).toBe(false);
    expect(Object.isFrozen(swapped.component('square'))).toBe(true);
    // and back: the shell key goes away again
    expect('shell' in swapped.withComponentClass('square', SquareBolt).component('square')).toBe(false);
  });

  it('rejects a class of the other role or with other outputs', () => {
    const topology = build(SquareBolt);
    expect(caught(() => topology.withComponentClass('square', NumberSpout)).message).toContain(
      'component "square": can only be replaced by a bolt class',
    );
    class Other extends Bolt {
      static outputFields = ['n'];
      execute(): void {}
    }
    const error = caught(() => topology.withComponentClass('square', Other));
    expect(error.code).toBe('E_INVALID_OUTPUTS');
    expect(caught(() => topology.withComponentClass('nope', Other)).code).toBe('E_UNKNOWN_COMPONENT');
  });
});
