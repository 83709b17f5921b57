import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TwinstormError } from '@twinstorm/core';
import { isTopology } from '@twinstorm/core/runtime';
import { loadTopology } from './load-topology.ts';

const coreUrl = pathToFileURL(fileURLToPath(new URL('../../core/src/index.ts', import.meta.url))).href;

const topologySource = (name: string, extra = ''): string => `
import { Spout, Bolt, TopologyBuilder } from '${coreUrl}';
class S extends Spout { static outputFields = ['n']; nextTuple(): void {} }
class B extends Bolt { execute(): void {} }
${extra}
const b = new TopologyBuilder();
b.setSpout('numbers', S, 1);
b.setBolt('sink', B, 2).shuffleGrouping('numbers');
export default b.createTopology('${name}');
export const other = b.createTopology('${name}-other');
`;

let dir = '';
const file = (name: string, text: string): string => {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
};

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'twinstorm-load-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loadTopology', () => {
  it('names the module, the error and where it was thrown, on one line, when the module throws while it loads', async () => {
    const p = file('boom.ts', "const ready = false;\nif (!ready) throw new Error('boom at module load');\nexport default 1;\n");
    const error = await loadTopology(p).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TwinstormError);
    expect((error as TwinstormError).code).toBe('E_MODULE_LOAD');
    expect((error as Error).message).toMatch(
      new RegExp(`^topology module ${p} threw while loading: boom at module load \\(at .*${p}:2:\\d+\\)$`),
    );
  });

  it('loads the default export of a .ts module and records its source', async () => {
    const p = file('ok.ts', topologySource('ok'));
    const topology = await loadTopology(p);
    expect(isTopology(topology)).toBe(true);
    expect(topology.name).toBe('ok');
    expect(topology.spec.source).toEqual({ module: p, export: 'default' });
  });

  it('finds numbers.ts when given numbers (no extension)', async () => {
    const p = file('numbers.ts', topologySource('numbers'));
    const topology = await loadTopology(p.slice(0, -'.ts'.length));
    expect(topology.name).toBe('numbers');
    expect(topology.spec.source).toEqual({ module: p, export: 'default' });
  });

  it('says "syntax error in <file>:line:column" instead of the bundler\'s "Transform failed"', async () => {
    const p = file('broken.ts', 'const x = 1;\nconst = 2;\nexport default x;\n');
    await expect(loadTopology(p)).rejects.toThrow(`syntax error in ${p}:2:6: Expected identifier but found "="`);
  });

  it('loads a named export', async () => {
    const p = file('named.ts', topologySource('named'));
    const topology = await loadTopology(p, 'other');
    expect(topology.name).toBe('named-other');
    expect(topology.spec.source).toEqual({ module: p, export: 'other' });
  });

  it('resolves relative paths against the working directory', async () => {
    const p = file('relative.ts', topologySource('relative'));
    const topology = await loadTopology(path.relative(process.cwd(), p));
    expect(topology.spec.source?.module).toBe(p);
  });

  it('says clearly when the file is missing', async () => {
    await expect(loadTopology(path.join(dir, 'nope.ts'))).rejects.toThrow(/nope\.ts not found/);
  });

  it('says clearly when there is no default export', async () => {
    const p = file('no-default.ts', 'export const x = 1;\n');
    await expect(loadTopology(p)).rejects.toThrow(`${p} has no default export`);
    await expect(loadTopology(p, 'y')).rejects.toThrow(`${p} has no export named "y"`);
  });

  it('says clearly when the default export is not a topology', async () => {
    const p = file('not-topology.ts', 'export default { hello: 1 };\n');
    const error = await loadTopology(p).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TwinstormError);
    expect((error as Error).message).toBe(`default export of ${p} is not a Topology (did you call builder.createTopology()?)`);
  });

  it('lets topology build errors through with their message', async () => {
    const p = file('throws.ts', topologySource('throws', '').replace("b.setBolt('sink', B, 2)", "b.setBolt('sink', B, 0)"));
    const error = await loadTopology(p).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as TwinstormError).code).toBe('E_INVALID_PARALLELISM');
    expect((error as Error).message).toContain('component "sink"');
  });
});
