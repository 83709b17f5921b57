import { copyFile, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StormInstall } from '../storm-home/install.ts';
import type { ClusterPorts } from './options.ts';
import { loopbackStormYaml, renderStormYaml } from './storm-yaml.ts';

/** storm/conf/log4j2 in this repository: our cluster.xml and worker.xml. */
const LOG4J2_DIR = fileURLToPath(new URL('../../../../storm/conf/log4j2/', import.meta.url));

/** Paths inside a cluster's state directory. */
export interface ClusterPaths {
  readonly dir: string;
  /** STORM_HOME laid out like the binary release: lib/, lib-worker/, extlib/, conf/, log4j2/. */
  readonly home: string;
  readonly confDir: string;
  readonly logs: string;
  readonly data: string;
  readonly zookeeperData: string;
  readonly zookeeperConf: string;
  readonly stateFile: string;
}

/** Where everything of the cluster rooted at `dir` lives. */
export function clusterPaths(dir: string): ClusterPaths {
  return {
    dir,
    home: join(dir, 'home'),
    confDir: join(dir, 'home', 'conf'),
    logs: join(dir, 'logs'),
    data: join(dir, 'data'),
    zookeeperData: join(dir, 'zookeeper'),
    zookeeperConf: join(dir, 'home', 'conf', 'zoo.cfg'),
    stateFile: join(dir, 'cluster.json'),
  };
}

/**
 * Writes STORM_HOME (jar directories linked from the cache, storm.yaml, log4j2 configs, zoo.cfg) and empties the
 * data directories, so every `up` starts from a clean ZooKeeper and Nimbus state.
 */
export async function layOutCluster(paths: ClusterPaths, install: StormInstall, ports: ClusterPorts): Promise<void> {
  await rm(paths.home, { recursive: true, force: true });
  await rm(paths.data, { recursive: true, force: true });
  await rm(paths.zookeeperData, { recursive: true, force: true });
  for (const d of [
    paths.home,
    paths.confDir,
    join(paths.home, 'log4j2'),
    join(paths.home, 'extlib'),
    paths.logs,
    paths.data,
    paths.zookeeperData,
  ]) {
    await mkdir(d, { recursive: true });
  }
  await symlink(install.libDir, join(paths.home, 'lib'));
  await symlink(install.workerLibDir, join(paths.home, 'lib-worker'));
  await writeFile(join(paths.confDir, 'storm.yaml'), renderStormYaml(loopbackStormYaml(paths.dir, ports)));
  for (const f of ['cluster.xml', 'worker.xml']) await copyFile(join(LOG4J2_DIR, f), join(paths.home, 'log4j2', f));
  await writeFile(
    paths.zookeeperConf,
    [
      `dataDir=${paths.zookeeperData}`,
      `clientPort=${ports.zookeeper}`,
      'clientPortAddress=127.0.0.1',
      'tickTime=2000',
      'maxClientCnxns=0',
      // ZooKeeper 3.5+ starts an HTTP admin server on 8080 unless told not to.
      'admin.enableServer=false',
      '',
    ].join('\n'),
  );
}
