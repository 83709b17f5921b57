import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { collectConf, parseConfPair, parsePositiveInteger, parseSeconds } from './option-parsers.ts';

describe('parseSeconds', () => {
  it('returns milliseconds, fractions allowed', () => {
    expect(parseSeconds('5')).toBe(5000);
    expect(parseSeconds('0.25')).toBe(250);
  });
  it.each(['abc', '', '0', '-1', 'Infinity', '5s'])('rejects %j', (value) => {
    expect(() => parseSeconds(value)).toThrow(InvalidArgumentError);
  });
});

describe('parsePositiveInteger', () => {
  it('accepts positive integers', () => {
    expect(parsePositiveInteger('1000')).toBe(1000);
  });
  it.each(['1.5', '0', '-3', 'ten', '1e3', '', '99999999999999999999'])('rejects %j', (value) => {
    expect(() => parsePositiveInteger(value)).toThrow(/expected a positive integer/);
  });
});

describe('--conf key=value', () => {
  it('parses JSON values when they parse, else keeps the string', () => {
    expect(parseConfPair('topology.max.spout.pending=100')).toEqual(['topology.max.spout.pending', 100]);
    expect(parseConfPair('topology.debug=true')).toEqual(['topology.debug', true]);
    expect(parseConfPair('x=null')).toEqual(['x', null]);
    expect(parseConfPair('list=[1,"a"]')).toEqual(['list', [1, 'a']]);
    expect(parseConfPair('name=hello world')).toEqual(['name', 'hello world']);
    expect(parseConfPair('quoted="42"')).toEqual(['quoted', '42']);
    expect(parseConfPair('eq=a=b')).toEqual(['eq', 'a=b']);
    expect(parseConfPair('empty=')).toEqual(['empty', '']);
  });
  it('rejects pairs without a key', () => {
    expect(() => parseConfPair('novalue')).toThrow(/expected key=value/);
    expect(() => parseConfPair('=1')).toThrow(/expected key=value/);
  });
  it('accumulates repeated options, later keys winning', () => {
    const conf = ['a=1', 'b=x', 'a=2'].reduce((acc, pair) => collectConf(pair, acc), {});
    expect(conf).toEqual({ a: 2, b: 'x' });
  });
});
