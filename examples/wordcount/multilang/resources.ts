import { copyFile, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The scripts of this example, laid out as Storm's `resources/` (without the adapters, which are not committed). */
export const RESOURCES_DIR = fileURLToPath(new URL('./resources/', import.meta.url));

/** Directories holding Storm's official adapters: `storm.py` (multilang-python), `storm.js` (multilang-javascript). */
export interface AdapterDirs {
  readonly python?: string;
  readonly javascript?: string;
}

/**
 * Lays out a resources directory as Storm does in the topology jar — the scripts next to storm.py / storm.js, so
 * `import storm` and `require('./storm')` resolve from the working directory — and returns it. Keep `target`
 * outside any package whose package.json says "type": "module", or storm.js would load as an ES module.
 */
export async function prepareResources(target: string, adapters: AdapterDirs): Promise<string> {
  await mkdir(target, { recursive: true });
  for (const name of await readdir(RESOURCES_DIR)) {
    if (/\.(py|cjs)$/.test(name)) await copyFile(join(RESOURCES_DIR, name), join(target, name));
  }
  if (adapters.python !== undefined) await copyFile(join(adapters.python, 'storm.py'), join(target, 'storm.py'));
  if (adapters.javascript !== undefined) await copyFile(join(adapters.javascript, 'storm.js'), join(target, 'storm.js'));
  return target;
}
