// The bin is plain JS and sets @twinstorm/local's tsx flag by its literal key: it must not drift from the constant.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TSX_REGISTERED } from '@twinstorm/local/internals';
import { BIN } from 'twinstorm/testing';

describe('bin/twinstorm.js', () => {
  it('sets the tsx flag under the same Symbol.for key as TSX_REGISTERED', () => {
    const key = Symbol.keyFor(TSX_REGISTERED); // undefined unless the constant is a Symbol.for symbol
    expect(key).toBeTypeOf('string');
    const source = readFileSync(BIN, 'utf8');
    const keys = [...source.matchAll(/Symbol\.for\(\s*(['"])(.*?)\1\s*\)/g)].map((m) => m[2]);
    expect(keys).toEqual([key]);
    expect(source).toContain(`globalThis[Symbol.for('${key ?? ''}')] = true;`);
  });
});
