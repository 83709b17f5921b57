import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, extname, resolve } from 'node:path';
import type { Conf, Topology, TopologySpec } from '@twinstorm/core';
import { loadTopology } from '@twinstorm/local';
import { ClusterError } from '../errors.ts';
import { bundleTopology } from './bundle.ts';
import { ensureRunnerJar, runnerClassEntries } from './runner-jar.ts';
import { collectShellResources } from './shell-resources.ts';
import { stableJson } from './stable-json.ts';
import { manifest, reproducibleZip } from './zip.ts';

/** Where the bundle lives inside the jar's resources/ (Storm's ShellBolt runs `node twinstorm/run.js <id>` there). */
export const BUNDLE_ENTRY = 'resources/twinstorm/run.js';
/** The spec the runner jar's TopologyMain reads from the classpath. */
export const SPEC_ENTRY = 'resources/twinstorm/topology.json';

/** What to package. */
export interface PackageOptions {
  /** The topology module (.ts or .js). */
  topologyPath: string;
  /** The export holding the Topology; default `default`. */
  exportName?: string;
  /** The jar to write (parent directories are created); default `<topology name>.jar` in the current directory. */
  outFile?: string;
  /** Directories (or files) whose contents become the jar's resources/ for shell components; see collectShellResources. */
  extraResources?: readonly string[];
  /** The runner jar to take the Java classes from; default ensureRunnerJar(). */
  runnerJar?: string;
  /**
   * Conf the topology will be submitted with (`submit --conf`): checked by each component's own conf check as
   * `twinstorm run --conf` is, so a bad connector value fails naming the key and component before Storm gets it.
   */
  conf?: Conf;
}

/** What was written. */
export interface PackageResult {
  jar: string;
  /** The topology's name (the default name to submit it under). */
  topology: string;
  bytes: number;
  sha256: string;
  /** Size of resources/twinstorm/run.js. */
  bundleBytes: number;
  /** Shell component files copied into resources/ (relative paths). */
  resources: string[];
  /** Non-fatal problems (e.g. a shell script or storm.py missing from resources/). */
  warnings: string[];
  durationMs: number;
}

/**
 * `twinstorm package`: the topology jar Storm runs — the runner's classes at the top level, and under resources/
 * the bundled topology (twinstorm/run.js, an ES module needing no node_modules), its spec (twinstorm/topology.json,
 * with `source` pointing at the bundle) and the files its shell components need. Same inputs, same bytes.
 */
export async function packageTopology(options: PackageOptions): Promise<PackageResult> {
  const started = performance.now();
  const topologyPath = resolve(options.topologyPath);
  const exportName = options.exportName ?? 'default';
  if (!['.ts', '.mts', '.js', '.mjs'].includes(extname(topologyPath))) {
    throw new ClusterError('E_INVALID_ARGUMENT', `${options.topologyPath} is not a topology module (.ts, .mts, .js or .mjs)`);
  }
  // In parallel; esbuild's verdict first: a native add-on would otherwise surface as a cryptic import failure.
  const [bundled, loaded, runner] = await Promise.allSettled([
    bundleTopology({ topologyPath, exportName }),
    loadTopology(topologyPath, exportName),
    options.runnerJar === undefined ? ensureRunnerJar() : Promise.resolve(options.runnerJar),
  ]);
  const bundle = settled(bundled);
  const topology = settled(loaded);
  if (options.conf !== undefined) topology.withConf(options.conf);
  const runnerJar = settled(runner);
  const shell = collectShellResources(topology, topologyPath, options.extraResources);

  const files = new Map<string, Uint8Array>(runnerClassEntries(runnerJar));
  files.set('META-INF/MANIFEST.MF', manifest());
  files.set(BUNDLE_ENTRY, bundle.code);
  // The bundle is an ES module: this package.json makes Node load run.js as one (nothing else is in twinstorm/).
  files.set('resources/twinstorm/package.json', new TextEncoder().encode('{ "type": "module" }\n'));
  files.set(SPEC_ENTRY, new TextEncoder().encode(stableJson(jarSpec(topology, exportName))));
  for (const [rel, file] of [...shell.files].sort(([a], [b]) => (a < b ? -1 : 1))) files.set(`resources/${rel}`, readFileSync(file));

  const jar = reproducibleZip(files);
  const outFile = resolve(options.outFile ?? `${topology.name}.jar`);
  await writeAtomically(outFile, jar);
  return {
    jar: outFile,
    topology: topology.name,
    bytes: jar.byteLength,
    sha256: createHash('sha256').update(jar).digest('hex'),
    bundleBytes: bundle.code.byteLength,
    resources: [...shell.files.keys()].sort(),
    warnings: shell.warnings,
    durationMs: Math.round(performance.now() - started),
  };
}

/** The spec as the CLI's loader builds it, with `source` pointing at the bundle inside resources/. */
function jarSpec(topology: Topology, exportName: string): TopologySpec {
  return { ...topology.spec, source: { module: 'twinstorm/run.js', export: exportName } };
}

function settled<T>(result: PromiseSettledResult<T>): T {
  if (result.status === 'rejected') throw result.reason;
  return result.value;
}

async function writeAtomically(file: string, bytes: Uint8Array): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  try {
    await writeFile(temp, bytes);
    await rename(temp, file);
  } catch (error) {
    if (existsSync(temp)) await rm(temp, { force: true });
    throw new ClusterError('E_INVALID_ARGUMENT', `cannot write ${file}: ${(error as Error).message}`, { cause: error });
  }
}
