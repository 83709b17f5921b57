import { existsSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Metafile, Plugin } from 'esbuild';

/** Packages whose only purpose is loading a compiled add-on: importing one means the code needs a `.node` file. */
const ADDON_LOADERS = [
  'bindings',
  'node-gyp-build',
  'node-gyp-build-optional-packages',
  'node-pre-gyp',
  '@mapbox/node-pre-gyp',
  'prebuild-install',
];

const LOADER_FILTER = new RegExp(`^(${ADDON_LOADERS.map((n) => n.replace(/[/.]/g, '\\$&')).join('|')})(/.*)?$`);

/** The message for a native add-on found at `what`, imported by `importer` (relative to the bundle's working dir). */
export function nativeAddonMessage(what: string, importer: string): string {
  return (
    `${importer} imports ${what}, a native add-on: a topology jar carries plain JavaScript only (Storm's workers may ` +
    `run another OS, CPU or Node version). Use a pure-JS alternative, or run this part as a shell component`
  );
}

/** esbuild plugin: refuses `.node` files and add-on loader packages, naming the module that imports them. */
export function nativeAddonGuard(workDir: string): Plugin {
  const name = (file: string) => (file.length === 0 ? '(the entry)' : relative(workDir, file).split(sep).join('/'));
  return {
    name: 'twinstorm-native-addons',
    setup(build) {
      build.onResolve({ filter: /\.node$/ }, (args) => ({ errors: [{ text: nativeAddonMessage(`"${args.path}"`, name(args.importer)) }] }));
      build.onResolve({ filter: LOADER_FILTER }, (args) => ({
        errors: [{ text: nativeAddonMessage(`"${args.path}" (an add-on loader)`, name(args.importer)) }],
      }));
    },
  };
}

/**
 * After the build: packages in the bundle that compile an add-on at install time (a binding.gyp, or `gypfile: true`)
 * even when they load it in a way the plugin cannot see. Returns one message per package, naming who imports it.
 */
export function nativePackagesIn(metafile: Metafile, workDir: string): string[] {
  const roots = new Map<string, boolean>();
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const [input, info] of Object.entries(metafile.inputs)) {
    for (const imp of info.imports) {
      const root = packageRoot(join(workDir, imp.path));
      if (root === undefined || seen.has(root)) continue;
      let native = roots.get(root);
      if (native === undefined) {
        native = buildsAddon(root);
        roots.set(root, native);
      }
      if (native && !packageRoot(join(workDir, input))?.startsWith(root)) {
        seen.add(root);
        problems.push(nativeAddonMessage(`the package at ${relative(workDir, root).split(sep).join('/')}`, input));
      }
    }
  }
  return problems;
}

/** The directory of the package under node_modules that holds `file`, if it is in one. */
function packageRoot(file: string): string | undefined {
  const marker = `${sep}node_modules${sep}`;
  const at = file.lastIndexOf(marker);
  if (at < 0) return undefined;
  const rest = file.slice(at + marker.length).split(sep);
  const depth = rest[0]?.startsWith('@') === true ? 2 : 1;
  if (rest.length <= depth) return undefined;
  return join(file.slice(0, at + marker.length), ...rest.slice(0, depth));
}

function buildsAddon(root: string): boolean {
  if (existsSync(join(root, 'binding.gyp'))) return true;
  try {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { gypfile?: unknown };
    return pkg.gypfile === true;
  } catch {
    return false;
  }
}
