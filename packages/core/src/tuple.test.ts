import { describe, expect, it } from 'vitest';
import { TwinstormError } from './errors.ts';
import { StreamSchema, SYSTEM_COMPONENT, SYSTEM_TASK_ID, TICK_STREAM } from './streams.ts';
import { Tuple } from './tuple.ts';

const schema = new StreamSchema('split', 'words', ['word', 'count', 'ok', 'extra']);

function tuple(values: readonly unknown[] = ['storm', 3, true, null]): Tuple {
  return new Tuple(values, schema, 7);
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

describe('Tuple', () => {
  it('exposes values, fields and where it came from', () => {
    const t = tuple();
    expect(t.values).toEqual(['storm', 3, true, null]);
    expect(t.fields).toEqual(['word', 'count', 'ok', 'extra']);
    expect(t.sourceComponent).toBe('split');
    expect(t.sourceStream).toBe('words');
    expect(t.sourceTask).toBe(7);
    expect(t.id).toBe('');
    expect(t.schema).toBe(schema);
  });

  it('get returns the value of a field, whatever its type', () => {
    const t = tuple(['storm', 3, true, { nested: [1] }]);
    expect(t.get('word')).toBe('storm');
    expect(t.get<number>('count')).toBe(3);
    expect(t.get('ok')).toBe(true);
    expect(t.get('extra')).toEqual({ nested: [1] });
    expect(t.getValue(1)).toBe(3);
    expect(t.getValue(9)).toBeUndefined();
  });

  it('get returns null for a null value (a declared field is not an error)', () => {
    expect(tuple().get('extra')).toBeNull();
  });

  it('getString / getNumber / getBoolean return checked values', () => {
    const t = tuple(['', 0, false, null]);
    expect(t.getString('word')).toBe('');
    expect(t.getNumber('count')).toBe(0);
    expect(t.getBoolean('ok')).toBe(false);
  });

  it('getNumber accepts fractions and negatives (Storm Integer, Long and Double all arrive as numbers)', () => {
    expect(tuple(['x', -2.5, true, null]).getNumber('count')).toBe(-2.5);
  });

  it('contains tells whether the stream declares a field', () => {
    const t = tuple();
    expect(t.contains('word')).toBe(true);
    expect(t.contains('extra')).toBe(true);
    expect(t.contains('Word')).toBe(false);
    expect(t.contains('')).toBe(false);
  });

  it('select returns the values of the named fields in the order asked', () => {
    const t = tuple();
    expect(t.select(['count', 'word'])).toEqual([3, 'storm']);
    expect(t.select(['word'])).toEqual(['storm']);
    expect(t.select([])).toEqual([]);
  });

  it('isTick is true only for __system / __tick', () => {
    expect(new Tuple([], new StreamSchema(SYSTEM_COMPONENT, TICK_STREAM, []), SYSTEM_TASK_ID).isTick()).toBe(true);
    expect(new Tuple([], new StreamSchema('__system', '__tick', []), -1).isTick()).toBe(true);
    expect(new Tuple([], new StreamSchema('split', TICK_STREAM, []), 1).isTick()).toBe(false);
    expect(new Tuple([], new StreamSchema(SYSTEM_COMPONENT, 'default', []), -1).isTick()).toBe(false);
    expect(tuple().isTick()).toBe(false);
  });

  it('toString names source, task and stream and shows the values', () => {
    expect(tuple().toString()).toBe('source: split:7, stream: words, id: , ["storm",3,true,null]');
  });

  describe('E_UNKNOWN_FIELD', () => {
    it.each([
      ['get', (t: Tuple) => t.get('wrd')],
      ['getString', (t: Tuple) => t.getString('wrd')],
      ['getNumber', (t: Tuple) => t.getNumber('wrd')],
      ['getBoolean', (t: Tuple) => t.getBoolean('wrd')],
      ['select', (t: Tuple) => t.select(['word', 'wrd'])],
    ])('%s of an undeclared field names component, stream and field, and lists the declared fields', (_method, read) => {
      const err = thrown(() => read(tuple()));
      expect(err.code).toBe('E_UNKNOWN_FIELD');
      expect(err.site).toEqual({ component: 'split', stream: 'words', field: 'wrd' });
      expect(err.message).toBe(
        'component "split", stream "words", field "wrd": no such field; the stream declares [word, count, ok, extra]',
      );
    });

    it('says so when the stream declares no fields', () => {
      const t = new Tuple([], new StreamSchema('s', 'default', []), 1);
      expect(thrown(() => t.get('x')).message).toContain('the stream declares []');
    });
  });

  describe('E_WRONG_FIELD_TYPE', () => {
    it.each([
      ['getString', 'count', (t: Tuple) => t.getString('count'), 'expected a string, got number'],
      ['getString', 'extra', (t: Tuple) => t.getString('extra'), 'expected a string, got null'],
      ['getNumber', 'word', (t: Tuple) => t.getNumber('word'), 'expected a number, got string'],
      ['getNumber', 'ok', (t: Tuple) => t.getNumber('ok'), 'expected a number, got boolean'],
      ['getBoolean', 'word', (t: Tuple) => t.getBoolean('word'), 'expected a boolean, got string'],
    ])('%s on field %s', (_method, field, read, text) => {
      const err = thrown(() => read(tuple()));
      expect(err.code).toBe('E_WRONG_FIELD_TYPE');
      expect(err.site).toEqual({ component: 'split', stream: 'words', field });
      expect(err.message).toBe(`component "split", stream "words", field "${field}": ${text}`);
    });

    it('describes arrays, objects and missing values', () => {
      expect(thrown(() => tuple(['x', [1], true, null]).getNumber('count')).message).toContain('got an array');
      expect(thrown(() => tuple(['x', { a: 1 }, true, null]).getNumber('count')).message).toContain('got object');
      expect(thrown(() => tuple(['x']).getBoolean('ok')).message).toContain('got undefined');
    });

    it('getNumber does not convert numeric strings', () => {
      expect(thrown(() => tuple(['x', '3', true, null]).getNumber('count')).code).toBe('E_WRONG_FIELD_TYPE');
    });
  });
});
