import { describe, expect, it } from 'vitest';
import { confArgs } from './conf-args.ts';

describe('confArgs (what --conf becomes for TopologyMain)', () => {
  it('encodes every value as JSON, keys sorted', () => {
    expect(confArgs({ 'topology.workers': 2, b: 'hello', a: [1, 'x', null], c: { d: true } })).toEqual([
      '--conf',
      'a=[1,"x",null]',
      '--conf',
      'b="hello"',
      '--conf',
      'c={"d":true}',
      '--conf',
      'topology.workers=2',
    ]);
  });

  it('refuses what Storm would not get unchanged, naming the key and where', () => {
    expect(() => confArgs({ x: NaN })).toThrow('conf x: NaN is not a JSON number');
    expect(() => confArgs({ x: [1, Infinity] })).toThrow('conf x[1]: Infinity is not a JSON number');
    expect(() => confArgs({ x: { y: undefined } })).toThrow('conf x.y: a undefined is not a JSON value');
    expect(() => confArgs({ x: 1n })).toThrow('conf x: a bigint is not a JSON value');
    expect(() => confArgs({ '': 1 })).toThrow('conf key "" is not valid');
    expect(() => confArgs({ 'a=b': 1 })).toThrow('conf key "a=b" is not valid');
  });
});
