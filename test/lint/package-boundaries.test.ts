// The package-boundaries lint rule as the workspace's eslint.config.js configures it: the imports this repo used to
// have (issue 14) are refused, the package-name imports that replaced them pass. The rule is taken from the config
// ESLint computes for each file (so the test fails if the config stops applying it there), then run without type
// information, which it does not need (type-aware parsing of the whole project would take half a minute).
import { fileURLToPath } from 'node:url';
import { ESLint, Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const RULE = 'twinstorm/package-boundaries';
const eslint = new ESLint({ cwd: ROOT });

/** The package-boundaries messages for `code` as the content of the repo file `file`. */
async function crossings(file: string, code: string): Promise<string[]> {
  const filename = `${ROOT}${file}`;
  const config = (await eslint.calculateConfigForFile(filename)) as Linter.Config;
  expect(config.rules?.[RULE], `eslint.config.js applies ${RULE} to ${file}`).toEqual([2]);
  const linter = new Linter({ cwd: ROOT });
  const messages = linter.verify(
    code,
    [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser }, plugins: config.plugins ?? {}, rules: { [RULE]: 'error' } }],
    { filename },
  );
  return messages.map((m) => {
    expect(m.ruleId, m.message).toBe(RULE);
    return m.message;
  });
}

describe(RULE, () => {
  it("refuses a relative import into another package's test/", async () => {
    const found = await crossings(
      'packages/cluster/src/package/package-topology.test.ts',
      "import { FakeStorm } from '../../../multilang/test/harness/index.ts';\nexport const s = FakeStorm;\n",
    );
    expect(found).toEqual([
      '"../../../multilang/test/harness/index.ts" reaches into packages/multilang by path; import it by its package name (add an export to its package.json if needed)',
    ]);
  });

  it("refuses a relative import from outside packages/ into a package's src/, dynamic import() included", async () => {
    const found = await crossings(
      'bench/workers-transport.ts',
      "import { WireReader } from '../packages/local/src/workers/wire-reader.ts';\nexport const r = WireReader;\nexport const m = import('../packages/cli/test/support/execa.ts');\n",
    );
    expect(found).toHaveLength(2);
    expect(found[0]).toContain('reaches into packages/local by path');
    expect(found[1]).toContain('reaches into packages/cli by path');
  });

  it("refuses a deep import by package name into a package's src/ or test/", async () => {
    const found = await crossings(
      'test/cli/bin.test.ts',
      "export { TSX_REGISTERED } from '@twinstorm/local/src/load-topology.ts';\nexport * from 'twinstorm/test/support/cli-process.ts';\n",
    );
    expect(found).toEqual([
      `"@twinstorm/local/src/load-topology.ts" reaches into a package's src/ or test/; import one of its package.json exports`,
      `"twinstorm/test/support/cli-process.ts" reaches into a package's src/ or test/; import one of its package.json exports`,
    ]);
  });

  it('refuses an example importing from outside its own folder', async () => {
    const found = await crossings(
      'examples/user-activity/user-activity.storm.test.ts',
      "import { useStormCluster } from '../../test/support/storm.ts';\nexport const u = useStormCluster;\n",
    );
    expect(found).toEqual([
      '"../../test/support/storm.ts" leaves examples/user-activity; an example imports only public packages, so its folder works copied out',
    ]);
  });

  it("passes imports within a package and through another package's exports", async () => {
    const found = await crossings(
      'packages/cluster/src/package/package-topology.test.ts',
      "import { FakeStorm } from '@twinstorm/multilang/testing';\nimport { ClusterError } from '../errors.ts';\nexport const s = [FakeStorm, ClusterError];\n",
    );
    expect(found).toEqual([]);
  });
});
