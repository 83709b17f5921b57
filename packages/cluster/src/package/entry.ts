import { basename, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The launcher module every topology jar's run.js is built around. */
export const LAUNCHER_MODULE = fileURLToPath(new URL('./launcher.ts', import.meta.url));

/**
 * The source of the generated bundle entry: imports the launcher and hands it the topology module as a dynamic
 * import (esbuild inlines it and evaluates it lazily, after the launcher's stdout guard). Paths are relative to
 * `resolveDir` so the bundle's text does not depend on where the checkout lives.
 */
export function entrySource(topologyPath: string, exportName: string, resolveDir: string): string {
  const spec = (file: string) => {
    const rel = relative(resolveDir, file).split(sep).join('/');
    return JSON.stringify(rel.startsWith('.') ? rel : `./${rel}`);
  };
  return [
    `import { launchComponent } from ${spec(LAUNCHER_MODULE)};`,
    `await launchComponent({`,
    `  load: () => import(${spec(topologyPath)}),`,
    `  exportName: ${JSON.stringify(exportName)},`,
    `  moduleLabel: ${JSON.stringify(basename(topologyPath))},`,
    `});`,
    '',
  ].join('\n');
}
