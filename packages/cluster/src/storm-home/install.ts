import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { twinstormCacheDir } from './cache-dir.ts';
import { resolveJarsInto } from './maven.ts';
import { requireTool } from './tools.ts';
import { STORM_VERSION } from './version.ts';

/** Storm's jars on this machine, laid out as the binary release splits them. */
export interface StormInstall {
  readonly version: string;
  /** The cache directory holding `lib/` and `lib-worker/` (a cluster's STORM_HOME links to them). */
  readonly home: string;
  /** Daemon classpath: storm-server and everything it needs (Nimbus, Supervisor, LocalCluster, ZooKeeper). */
  readonly libDir: string;
  /** Worker classpath: storm-client and its dependencies, what the supervisor puts before the topology jar. */
  readonly workerLibDir: string;
  /** `libDir/*`, ready for `java -cp` (submitting, Nimbus commands, LocalCluster). */
  readonly classpath: string;
}

function hasStormJars(dir: string): boolean {
  return existsSync(dir) && readdirSync(dir).some((f) => f.startsWith('storm-client-'));
}

async function jarDir(dir: string, coordinate: `${string}:${string}:${string}`): Promise<void> {
  if (hasStormJars(dir)) return;
  await resolveJarsInto(dir, [coordinate]);
}

/** Where Storm's jars live in the cache (`lib/`, `lib-worker/`), whether or not they have been resolved yet. */
export function stormInstallHome(env: NodeJS.ProcessEnv = process.env): string {
  return join(twinstormCacheDir(env), `storm-${STORM_VERSION}`);
}

/** True when Storm's jars are in the cache already, so `ensureStormInstall` downloads nothing (and says nothing). */
export function stormInstallCached(env: NodeJS.ProcessEnv = process.env): boolean {
  const home = stormInstallHome(env);
  return hasStormJars(join(home, 'lib')) && hasStormJars(join(home, 'lib-worker'));
}

let pending: Promise<StormInstall> | undefined;

/** Resolves Storm's jars with Maven into the twinstorm cache on first use; later calls are instant. */
export function ensureStormInstall(env: NodeJS.ProcessEnv = process.env): Promise<StormInstall> {
  pending ??= resolveInstall(env).catch((err: unknown) => {
    pending = undefined;
    throw err;
  });
  return pending;
}

async function resolveInstall(env: NodeJS.ProcessEnv): Promise<StormInstall> {
  const home = stormInstallHome(env);
  const libDir = join(home, 'lib');
  const workerLibDir = join(home, 'lib-worker');
  const missing = !existsSync(libDir) || !existsSync(workerLibDir);
  if (missing) {
    await requireTool('mvn');
    await requireTool('java');
  }
  await jarDir(libDir, `org.apache.storm:storm-server:${STORM_VERSION}`);
  await jarDir(workerLibDir, `org.apache.storm:storm-client:${STORM_VERSION}`);
  return { version: STORM_VERSION, home, libDir, workerLibDir, classpath: join(libDir, '*') };
}
