import { describe, expect, it } from 'vitest';
import { TwinstormError } from './errors.ts';
import { declaredStreams, DEFAULT_STREAM, StreamSchema, type OutputDeclaringClass } from './streams.ts';

/** declaredStreams on a class-like object (plain JS can put anything in the statics). */
function declare(statics: Record<string, unknown>): ReturnType<typeof declaredStreams> {
  return declaredStreams('comp', statics);
}

/** The TwinstormError thrown by `fn`. */
function thrown(fn: () => unknown): TwinstormError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(TwinstormError);
    return err as TwinstormError;
  }
  throw new Error('expected a TwinstormError');
}

describe('declaredStreams', () => {
  it('declares no streams when the class declares nothing (a sink)', () => {
    expect(declare({})).toEqual({});
    class Sink {}
    expect(declaredStreams('sink', Sink as OutputDeclaringClass)).toEqual({});
  });

  it('maps outputFields to the default stream', () => {
    expect(DEFAULT_STREAM).toBe('default');
    expect(declare({ outputFields: ['a', 'b'] })).toEqual({ default: { fields: ['a', 'b'], direct: false } });
  });

  it('allows a default stream with no fields (Storm allows empty Fields)', () => {
    expect(declare({ outputFields: [] })).toEqual({ default: { fields: [], direct: false } });
    expect(declare({ outputs: { s: [] } })).toEqual({ s: { fields: [], direct: false } });
  });

  it('maps outputs to named streams: arrays, {fields}, {fields, direct}', () => {
    expect(
      declare({
        outputs: {
          default: ['n'],
          evens: ['n', 'half'],
          pick: { fields: ['n'], direct: true },
          plain: { fields: ['n'] },
          notDirect: { fields: ['n'], direct: false },
        },
      }),
    ).toEqual({
      default: { fields: ['n'], direct: false },
      evens: { fields: ['n', 'half'], direct: false },
      pick: { fields: ['n'], direct: true },
      plain: { fields: ['n'], direct: false },
      notDirect: { fields: ['n'], direct: false },
    });
  });

  it('combines outputFields (default stream first) with other named streams', () => {
    const streams = declare({ outputFields: ['x'], outputs: { errors: ['msg'] } });
    expect(Object.keys(streams)).toEqual(['default', 'errors']);
    expect(streams.errors).toEqual({ fields: ['msg'], direct: false });
  });

  it('rejects the default stream declared twice', () => {
    const err = thrown(() => declare({ outputFields: ['x'], outputs: { default: ['y'] } }));
    expect(err.code).toBe('E_INVALID_OUTPUTS');
    expect(err.site).toEqual({ component: 'comp' });
    expect(err.message).toContain('component "comp"');
    expect(err.message).toContain('default stream twice');
  });

  it.each(['', '__tick', '__system', '__x'])('rejects the reserved or empty stream id %j', (stream) => {
    const err = thrown(() => declare({ outputs: { [stream]: ['a'] } }));
    expect(err.code).toBe('E_INVALID_OUTPUTS');
    expect(err.message).toContain('component "comp"');
    expect(err.message).toContain(`stream id "${stream}"`);
  });

  it('accepts stream ids with a single leading underscore', () => {
    expect(Object.keys(declare({ outputs: { _private: ['a'] } }))).toEqual(['_private']);
  });

  it.each([
    ['a string instead of an array', { outputFields: 'word' }, 'default'],
    ['a non-string field', { outputFields: ['a', 1] }, 'default'],
    ['an empty field name', { outputFields: ['a', ''] }, 'default'],
    ['null as a declaration', { outputs: { s: null } }, 's'],
    ['a number as a declaration', { outputs: { s: 3 } }, 's'],
    ['a declaration without fields', { outputs: { s: { direct: true } } }, 's'],
    ['fields that are not an array', { outputs: { s: { fields: 'a,b' } } }, 's'],
  ])('rejects %s, naming component and stream', (_what, statics, stream) => {
    const err = thrown(() => declare(statics));
    expect(err.code).toBe('E_INVALID_OUTPUTS');
    expect(err.site).toEqual({ component: 'comp', stream });
    expect(err.message).toContain(`component "comp", stream "${stream}"`);
    expect(err.message).toContain('array of non-empty strings');
  });

  it('rejects a field declared twice, naming it', () => {
    const err = thrown(() => declare({ outputs: { s: ['a', 'b', 'a'] } }));
    expect(err.code).toBe('E_INVALID_OUTPUTS');
    expect(err.site).toEqual({ component: 'comp', stream: 's' });
    expect(err.message).toContain('field "a" is declared twice');
  });

  it('treats only direct: true as direct', () => {
    expect(declare({ outputs: { s: { fields: ['a'], direct: 'yes' } } }).s?.direct).toBe(false);
  });

  it('copies and freezes the field lists, so later changes to the class statics do not leak in', () => {
    const outputFields = ['a'];
    const streams = declare({ outputFields });
    outputFields.push('b');
    expect(streams.default?.fields).toEqual(['a']);
    expect(Object.isFrozen(streams.default?.fields)).toBe(true);
  });

  it('reads statics inherited from a parent class', () => {
    class Parent {
      static outputFields = ['p'];
    }
    class Child extends Parent {}
    expect(declaredStreams('child', Child)).toEqual({ default: { fields: ['p'], direct: false } });
  });
});

describe('StreamSchema', () => {
  it('finds field positions, -1 for unknown fields', () => {
    const s = new StreamSchema('split', 'words', ['word', 'count']);
    expect(s.component).toBe('split');
    expect(s.stream).toBe('words');
    expect(s.fields).toEqual(['word', 'count']);
    expect(s.indexOf('word')).toBe(0);
    expect(s.indexOf('count')).toBe(1);
    expect(s.indexOf('nope')).toBe(-1);
    expect(s.indexOf('toString')).toBe(-1);
  });
});
