import { mkdir, mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { ClusterError } from '../errors.ts';

/** A Maven coordinate `group:artifact:version`. */
export type MavenCoordinate = `${string}:${string}:${string}`;

function pomFor(coordinates: readonly MavenCoordinate[]): string {
  const deps = coordinates
    .map((c) => {
      const [groupId, artifactId, version] = c.split(':');
      return `    <dependency><groupId>${groupId}</groupId><artifactId>${artifactId}</artifactId><version>${version}</version></dependency>`;
    })
    .join('\n');
  return `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>dev.twinstorm.cache</groupId><artifactId>resolve</artifactId><version>1</version><packaging>pom</packaging>
  <dependencies>
${deps}
  </dependencies>
</project>
`;
}

/**
 * Copies `coordinates` and their runtime dependencies into `outDir` with Maven, atomically: the jars are resolved
 * into a temporary sibling and renamed into place, so a crash or a concurrent caller never sees half a directory.
 * Returns the jar file names.
 */
export async function resolveJarsInto(outDir: string, coordinates: readonly MavenCoordinate[]): Promise<string[]> {
  await mkdir(dirname(outDir), { recursive: true });
  const work = await mkdtemp(`${outDir}.tmp-`);
  try {
    await writeFile(join(work, 'pom.xml'), pomFor(coordinates));
    const jars = join(work, 'jars');
    const result = await execa(
      'mvn',
      ['-q', '-B', '-f', join(work, 'pom.xml'), 'dependency:copy-dependencies', `-DoutputDirectory=${jars}`, '-DincludeScope=runtime'],
      { reject: false, all: true, timeout: 15 * 60_000 },
    );
    if (result.exitCode !== 0) {
      const lines = (result.all ?? '').split('\n').filter((l) => l.includes('ERROR'));
      throw new ClusterError('E_RESOLVE', `mvn could not resolve ${coordinates.join(', ')}: ${lines[0] ?? `exit ${result.exitCode}`}`);
    }
    try {
      await rename(jars, outDir);
    } catch (err) {
      // Another process finished first: its copy is as good as ours.
      if ((err as { code?: string }).code !== 'ENOTEMPTY' && (err as { code?: string }).code !== 'EEXIST') throw err;
    }
    return (await readdir(outDir)).filter((f) => f.endsWith('.jar')).sort();
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
