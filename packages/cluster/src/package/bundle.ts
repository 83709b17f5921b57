import { dirname } from 'node:path';
import { build, type Message } from 'esbuild';
import { ClusterError } from '../errors.ts';
import { entrySource } from './entry.ts';
import { nativeAddonGuard, nativePackagesIn } from './native-addons.ts';
import { errorMessage } from '@twinstorm/core/runtime';

/** What bundleTopology needs: the topology module and which export holds the Topology. */
export interface BundleOptions {
  topologyPath: string;
  exportName: string;
}

/** The bundled run.js and the files that went into it. */
export interface BundleResult {
  code: Uint8Array;
  /** Input files, relative to the topology module's directory, sorted. */
  inputs: string[];
}

/**
 * ESM needs `require` for CommonJS dependencies that require Node built-ins (esbuild's shim throws otherwise); the
 * bundle is an ES module so topology modules may use import.meta.url and top-level await.
 */
const REQUIRE_BANNER =
  "import { createRequire as __twinstormCreateRequire } from 'node:module';\nconst require = __twinstormCreateRequire(import.meta.url);";

/**
 * Bundles the topology module and the launcher into one ES module for Node 20 with nothing external: the jar's
 * `resources/twinstorm/run.js`. No source maps: Node only applies them with --enable-source-maps, which Storm's
 * `node twinstorm/run.js` does not pass; the output is unminified with the original names (keepNames) and a
 * comment per source file, so stack traces in worker logs stay readable. Native add-ons are refused.
 */
export async function bundleTopology(options: BundleOptions): Promise<BundleResult> {
  // Everything is relative to the topology's directory: the bundle's text is the same wherever the checkout lives.
  const workDir = dirname(options.topologyPath);
  let result;
  try {
    result = await build({
      stdin: {
        contents: entrySource(options.topologyPath, options.exportName, workDir),
        resolveDir: workDir,
        sourcefile: 'twinstorm-run-entry.js',
        loader: 'js',
      },
      absWorkingDir: workDir,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'esm',
      write: false,
      outfile: 'run.js',
      keepNames: true,
      sourcemap: false,
      legalComments: 'eof',
      charset: 'utf8',
      metafile: true,
      logLevel: 'silent',
      banner: { js: REQUIRE_BANNER },
      plugins: [nativeAddonGuard(workDir)],
    });
  } catch (error) {
    throw bundleError(options.topologyPath, error);
  }
  const native = nativePackagesIn(result.metafile, workDir);
  if (native.length > 0) throw new ClusterError('E_NATIVE_ADDON', native.join('; '));
  const out = result.outputFiles[0];
  if (out === undefined) throw new ClusterError('E_BUNDLE', `esbuild produced no output for ${options.topologyPath}`);
  return { code: out.contents, inputs: Object.keys(result.metafile.inputs).sort() };
}

/** One line from esbuild's failure: the first error with its file and line, and a native add-on code when it is one. */
function bundleError(topologyPath: string, error: unknown): ClusterError {
  const errors = (error as { errors?: Message[] }).errors ?? [];
  const first = errors[0];
  if (first === undefined) {
    return new ClusterError('E_BUNDLE', `cannot bundle ${topologyPath}: ${errorMessage(error)}`, {
      cause: error,
    });
  }
  const native = errors.find((e) => e.pluginName === 'twinstorm-native-addons');
  if (native !== undefined) return new ClusterError('E_NATIVE_ADDON', native.text, { cause: error });
  const where = first.location === null ? '' : `${first.location.file}:${first.location.line}:${first.location.column}: `;
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  return new ClusterError('E_BUNDLE', `cannot bundle ${topologyPath}: ${where}${first.text}${more}`, { cause: error });
}
