import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ClusterError } from '../errors.ts';
import { bundleTopology } from './bundle.ts';
import { packageTopology } from './package-topology.ts';

const work = mkdtempSync(join(tmpdir(), 'twinstorm-native-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A topology module in its own directory (the bundle is refused before the module would ever be imported). */
function fixture(name: string, source: string, files: Record<string, string> = {}): string {
  const dir = join(work, name);
  for (const [rel, text] of Object.entries({ 'topology.ts': source, ...files })) {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return join(dir, 'topology.ts');
}

async function refusal(topologyPath: string): Promise<ClusterError> {
  const error = await bundleTopology({ topologyPath, exportName: 'default' }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ClusterError);
  return error as ClusterError;
}

describe('native add-ons are refused, naming the importing module', () => {
  it('a .node file', async () => {
    const path = fixture('dot-node', "import './lib.ts';\nexport default 1;\n", {
      'lib.ts': "import addon from './build/Release/fast.node';\nexport const x = addon;\n",
    });
    const error = await refusal(path);
    expect(error.code).toBe('E_NATIVE_ADDON');
    expect(error.message).toContain('lib.ts imports "./build/Release/fast.node", a native add-on');
  });

  it('an add-on loader package (bindings, node-gyp-build...)', async () => {
    const error = await refusal(fixture('loader', "import bindings from 'bindings';\nexport default bindings('x');\n"));
    expect(error.code).toBe('E_NATIVE_ADDON');
    expect(error.message).toMatch(/topology\.ts imports "bindings" \(an add-on loader\), a native add-on/);
  });

  it('a package that builds an add-on at install time (binding.gyp / gypfile)', async () => {
    const path = fixture('gyp', "import { hash } from 'fast-hash';\nexport default hash;\n", {
      'node_modules/fast-hash/package.json': JSON.stringify({ name: 'fast-hash', main: 'index.js', gypfile: true }),
      'node_modules/fast-hash/index.js': 'exports.hash = (s) => s.length;\n',
    });
    const error = await refusal(path);
    expect(error.code).toBe('E_NATIVE_ADDON');
    expect(error.message).toContain('topology.ts imports the package at node_modules/fast-hash, a native add-on');
  });

  it('packageTopology reports the add-on, not the import failure loading the module would give', async () => {
    const path = fixture('loader-package', "import bindings from 'bindings';\nexport default bindings('x');\n");
    const error = await packageTopology({
      topologyPath: path,
      outFile: join(work, 'never.jar'),
      runnerJar: join(work, 'no-runner.jar'),
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'E_NATIVE_ADDON' });
  });

  it('other bundling failures name the file and line', async () => {
    const error = await refusal(fixture('broken', "import { nope } from './missing.ts';\nexport default nope;\n"));
    expect(error.code).toBe('E_BUNDLE');
    expect(error.message).toMatch(/topology\.ts:1:\d+: Could not resolve "\.\/missing\.ts"/);
  });
});
