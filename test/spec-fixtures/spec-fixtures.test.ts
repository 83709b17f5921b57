// The Storm runner's spec fixtures are core's output: each checked-in file equals what topologies.ts builds with
// TopologyBuilder, so the Java tests cannot drift from core's TopologySpec.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { specFixtures } from './topologies.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('Storm spec fixtures', () => {
  for (const [file, text] of specFixtures()) {
    it(`${file} is what @twinstorm/core builds (regenerate with pnpm fixtures:storm)`, () => {
      expect(readFileSync(`${ROOT}${file}`, 'utf8'), `${file} differs from test/spec-fixtures/topologies.ts`).toBe(text);
    });
  }
});
