import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { unzipSync } from 'fflate';
import { ClusterError } from '../errors.ts';
import { requireTool } from '../storm-home/tools.ts';

/** The repository's `storm/` directory (the Maven project of the runner jar). */
const STORM_PROJECT_DIR = fileURLToPath(new URL('../../../../storm/', import.meta.url));

/** Where Maven writes the runner jar. */
const RUNNER_JAR_NAME = 'twinstorm-storm-runner.jar';

/** Where to find or build the runner jar. */
export interface RunnerJarOptions {
  /** The Maven project; default the repository's storm/. */
  projectDir?: string;
  /** $TWINSTORM_RUNNER_JAR names a prebuilt jar to use as is (no Maven). */
  env?: NodeJS.ProcessEnv;
}

/** $TWINSTORM_RUNNER_JAR when set: a prebuilt jar, used as is. */
function givenRunnerJar(env: NodeJS.ProcessEnv): string | undefined {
  const given = env['TWINSTORM_RUNNER_JAR'];
  return given !== undefined && given.length > 0 ? given : undefined;
}

/** The jar `mvn package` writes for the project in `projectDir`. */
function builtRunnerJar(projectDir: string): string {
  return join(projectDir, 'target', RUNNER_JAR_NAME);
}

/** Where the runner jar is (or will be once built), without building it: for callers that must not start Maven. */
export function runnerJarPath(options: RunnerJarOptions = {}): string {
  return givenRunnerJar(options.env ?? process.env) ?? builtRunnerJar(options.projectDir ?? STORM_PROJECT_DIR);
}

/** Builds under way in this process, by project directory. */
const building = new Map<string, Promise<string>>();

/**
 * The runner jar's path (TopologyMain, NimbusCommand, the serializer), built with `mvn package` when it is missing
 * or older than storm/pom.xml or a file under storm/src. Concurrent callers, in this process or others, share one
 * build (a lock directory in storm/target). $TWINSTORM_RUNNER_JAR skips all of this.
 */
export function ensureRunnerJar(options: RunnerJarOptions = {}): Promise<string> {
  const given = givenRunnerJar(options.env ?? process.env);
  if (given !== undefined) {
    if (!existsSync(given)) return Promise.reject(new ClusterError('E_RUNNER_JAR', `TWINSTORM_RUNNER_JAR=${given}: no such file`));
    return Promise.resolve(given);
  }
  const projectDir = options.projectDir ?? STORM_PROJECT_DIR;
  let pending = building.get(projectDir);
  if (pending === undefined) {
    pending = buildIfStale(projectDir).finally(() => building.delete(projectDir));
    building.set(projectDir, pending);
  }
  return pending;
}

/** The runner's class files (`dev/**`), to copy into a topology jar at the top level. */
export function runnerClassEntries(runnerJar: string): Map<string, Uint8Array> {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(readFileSync(runnerJar), { filter: (f) => f.name.startsWith('dev/') && !f.name.endsWith('/') });
  } catch (error) {
    throw new ClusterError('E_RUNNER_JAR', `cannot read the runner jar ${runnerJar}: ${(error as Error).message}`, { cause: error });
  }
  const entries = new Map(Object.entries(files));
  if (![...entries.keys()].some((n) => n.endsWith('/TopologyMain.class'))) {
    throw new ClusterError('E_RUNNER_JAR', `${runnerJar} has no dev/**/TopologyMain.class: is it the twinstorm runner jar?`);
  }
  return entries;
}

async function buildIfStale(projectDir: string): Promise<string> {
  const pom = join(projectDir, 'pom.xml');
  const jar = builtRunnerJar(projectDir);
  if (!existsSync(pom)) {
    if (existsSync(jar)) return jar;
    throw new ClusterError('E_RUNNER_JAR', `no runner jar: ${jar} is missing and there is no ${pom} to build it from`);
  }
  if (!(await isStale(projectDir, jar))) return jar;
  return withBuildLock(join(projectDir, 'target'), async () => {
    if (!(await isStale(projectDir, jar))) return jar; // another process built it while we waited
    await requireTool('mvn');
    await requireTool('java');
    const result = await execa('mvn', ['-q', '-B', '-f', pom, 'package', '-DskipTests'], {
      reject: false,
      all: true,
      timeout: 15 * 60_000,
    });
    if (result.exitCode !== 0 || !existsSync(jar)) {
      const lines = (result.all ?? '').split('\n').filter((l) => /ERROR|FAIL/.test(l));
      const why = lines[0]?.trim() ?? (result.timedOut ? 'timed out' : `exit ${result.exitCode ?? 'unknown'}`);
      throw new ClusterError('E_RUNNER_JAR', `mvn could not build the runner jar from ${pom}: ${why}`);
    }
    return jar;
  });
}

/** True when the jar is missing or older than the pom or any file under src/. */
async function isStale(projectDir: string, jar: string): Promise<boolean> {
  if (!existsSync(jar)) return true;
  const built = statSync(jar).mtimeMs;
  return (await newestMtime(join(projectDir, 'src'), statSync(join(projectDir, 'pom.xml')).mtimeMs)) > built;
}

async function newestMtime(dir: string, start: number): Promise<number> {
  let newest = start;
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return newest;
  }
  for (const name of names) {
    const file = join(dir, name);
    const s = await stat(file);
    newest = Math.max(newest, s.isDirectory() ? await newestMtime(file, s.mtimeMs) : s.mtimeMs);
  }
  return newest;
}

const LOCK_STALE_MS = 20 * 60_000;

/** Runs `work` holding storm/target/.twinstorm-build.lock (mkdir is atomic), so two processes never run mvn at once. */
async function withBuildLock<T>(targetDir: string, work: () => Promise<T>): Promise<T> {
  await mkdir(targetDir, { recursive: true });
  const lock = join(targetDir, '.twinstorm-build.lock');
  const deadline = Date.now() + LOCK_STALE_MS;
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = Date.now() - (await stat(lock).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
      if (age > LOCK_STALE_MS) await rm(lock, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new ClusterError('E_RUNNER_JAR', `another runner jar build holds ${lock}`);
      else await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  try {
    return await work();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}
