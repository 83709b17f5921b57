/**
 * Storm's official multilang adapters (storm.py, storm.js), resolved with Maven at test time and never committed:
 * `org.apache.storm:multilang-<lang>:<version>` is a jar whose `resources/` holds the adapter.
 * Cached under node_modules/.cache/twinstorm/multilang/<version>/<lang>/; concurrent callers (vitest workers,
 * parallel processes) are safe: each extracts into its own temp directory and renames it into place atomically.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { readZipEntries } from './zip-entries.ts';

/** The Storm release whose adapters we test against (the 2.8 line the runner jar and the loopback cluster use). */
export const OFFICIAL_ADAPTER_VERSION = '2.8.4';

/** Languages with an official adapter we run. */
export type OfficialAdapterLang = 'python' | 'javascript';

const ADAPTER_FILE: Record<OfficialAdapterLang, string> = { python: 'storm.py', javascript: 'storm.js' };

/** The repository root (this file is packages/multilang/test/support/official-adapters.ts). */
export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

const DEFAULT_CACHE_ROOT = join(REPO_ROOT, 'node_modules', '.cache', 'twinstorm', 'multilang');

/** Where resolved adapters are cached (inside node_modules, so never committed). */
export function adapterCacheDir(version = OFFICIAL_ADAPTER_VERSION, cacheRoot = DEFAULT_CACHE_ROOT): string {
  return join(cacheRoot, version);
}

/** The adapter's file name in the directory resolveOfficialAdapter returns. */
export function officialAdapterFile(lang: OfficialAdapterLang): string {
  return ADAPTER_FILE[lang];
}

const inFlight = new Map<string, Promise<string>>();

/** A directory containing storm.py or storm.js of Storm `version`, resolving it with Maven on first use. */
export function resolveOfficialAdapter(lang: OfficialAdapterLang, version = OFFICIAL_ADAPTER_VERSION): Promise<string> {
  const key = `${lang}@${version}`;
  let p = inFlight.get(key);
  if (p === undefined) {
    p = resolveUncached(lang, version).finally(() => inFlight.delete(key));
    inFlight.set(key, p);
  }
  return p;
}

/** As resolveOfficialAdapter without the in-process de-duplication (tests use it to race real resolutions). */
export async function resolveUncached(lang: OfficialAdapterLang, version: string, cacheRoot = DEFAULT_CACHE_ROOT): Promise<string> {
  const base = adapterCacheDir(version, cacheRoot);
  const dir = join(base, lang);
  const file = ADAPTER_FILE[lang];
  if (existsSync(join(dir, file))) return dir;

  await mkdir(base, { recursive: true });
  const work = await mkdtemp(join(base, `.tmp-${lang}-`));
  try {
    const artifact = `org.apache.storm:multilang-${lang}:${version}`;
    const jar = await mavenCopy(artifact, join(work, 'jar'));
    const entries = readZipEntries(await readFile(jar), 'resources/');
    if (!entries.some((e) => e.name === `resources/${file}`)) {
      throw new Error(`${artifact}: the jar has no resources/${file} (entries: ${entries.map((e) => e.name).join(', ')})`);
    }
    const staged = join(work, 'out');
    await mkdir(staged);
    for (const e of entries) await writeFile(join(staged, e.name.slice('resources/'.length)), e.data);
    try {
      await rename(staged, dir);
    } catch (err) {
      // Another caller won the race: its directory is complete (renames are atomic), so use it.
      if (!existsSync(join(dir, file))) throw err;
    }
    return dir;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** Runs `mvn dependency:copy` for one artifact; returns the jar's path, or throws naming what is missing. */
async function mavenCopy(artifact: string, outDir: string): Promise<string> {
  const args = [
    '--batch-mode',
    '--quiet',
    '-Dstyle.color=never',
    'dependency:copy',
    `-Dartifact=${artifact}`,
    `-DoutputDirectory=${outDir}`,
    '-Dmdep.stripVersion=true',
  ];
  // A throwaway cwd: without a pom.xml Maven runs the goal standalone, whatever the caller's directory holds.
  const cwd = join(outDir, '..');
  const result = await execa('mvn', args, { cwd, reject: false, all: true, timeout: 300_000 });
  if (result.failed) {
    const missing =
      (result as { code?: string }).code === 'ENOENT'
        ? "Maven (mvn) is not on PATH; install Maven 3 and a JDK (java 17+) to run tests that use Storm's official adapters"
        : /JAVA_HOME|java: not found|No such file or directory.*java/i.test(result.all ?? '')
          ? 'Maven found no Java: install a JDK (java 17+) or set JAVA_HOME'
          : `mvn exited with ${String(result.exitCode)}`;
    const tail = (result.all ?? '').split('\n').slice(-15).join('\n');
    throw new Error(`cannot resolve ${artifact} (needed for Storm's official multilang adapter): ${missing}\n${tail}`);
  }
  const name = artifact.split(':')[1] ?? artifact;
  const jar = join(outDir, `${name}.jar`);
  if (!existsSync(jar)) throw new Error(`mvn dependency:copy reported success but ${jar} does not exist`);
  return jar;
}
