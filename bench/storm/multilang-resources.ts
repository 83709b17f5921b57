// The resources/ directories of the storm-stormpy and storm-stormjs scenarios: Storm's official adapter (storm.py or
// storm.js, resolved with Maven, never committed) next to the spout and split scripts of examples/wordcount/multilang
// and this directory's count bolt. Locally the shell components run there; `twinstorm package` copies it into the jar.
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RESOURCES_DIR as EXAMPLE_SCRIPTS } from '../../examples/wordcount/multilang/resources.ts';
import { officialAdapterFile, resolveOfficialAdapter } from '@twinstorm/multilang/testing';

/** The two official adapters the bench runs. */
export type AdapterLang = 'python' | 'javascript';

/** Script extension per language (.cjs: storm.js is CommonJS, and the repository's package.json says "type": "module"). */
export const SCRIPT_EXT: Readonly<Record<AdapterLang, string>> = { python: '.py', javascript: '.cjs' };

/** Script base names: the spout and split from examples/wordcount/multilang, the count bolt from bench/storm/multilang. */
export const SCRIPTS = { spout: 'sentence_spout', split: 'split_sentence', count: 'count_words' } as const;

const COUNT_SCRIPTS = fileURLToPath(new URL('./multilang/', import.meta.url));
const CACHE = fileURLToPath(new URL('../../node_modules/.cache/twinstorm/bench/', import.meta.url));

/**
 * Where each language's resources/ is laid out (inside node_modules, so never committed, and outside any "type":
 * "module" package scope, which stops at node_modules: storm.js loads as CommonJS). The topology modules point their
 * shell components here, so it must be prepared before they are run or packaged.
 */
export const MULTILANG_RESOURCES: Readonly<Record<AdapterLang, string>> = {
  python: join(CACHE, 'stormpy-resources'),
  javascript: join(CACHE, 'stormjs-resources'),
};

/** Lays out MULTILANG_RESOURCES[lang] (adapter + three scripts, copied afresh each time) and returns the directory. */
export async function prepareMultilangResources(lang: AdapterLang): Promise<string> {
  const adapterDir = await resolveOfficialAdapter(lang);
  const dir = MULTILANG_RESOURCES[lang];
  await mkdir(dir, { recursive: true });
  const adapter = officialAdapterFile(lang);
  await copyFile(join(adapterDir, adapter), join(dir, adapter));
  const ext = SCRIPT_EXT[lang];
  await copyFile(join(EXAMPLE_SCRIPTS, SCRIPTS.spout + ext), join(dir, SCRIPTS.spout + ext));
  await copyFile(join(EXAMPLE_SCRIPTS, SCRIPTS.split + ext), join(dir, SCRIPTS.split + ext));
  await copyFile(join(COUNT_SCRIPTS, SCRIPTS.count + ext), join(dir, SCRIPTS.count + ext));
  return dir;
}
