import { dirname, join } from 'node:path';
import type { ClusterPaths } from './layout.ts';
import type { ClusterPorts } from './options.ts';

/** The daemons of a loopback cluster, in start order. */
export type DaemonName = 'zookeeper' | 'nimbus' | 'supervisor';

/** Every daemon, in start order (up starts them so, status and logs list them so). */
export const DAEMONS: readonly DaemonName[] = ['zookeeper', 'nimbus', 'supervisor'];

/** How to start one daemon and how to know it is up. */
export interface DaemonLaunch {
  readonly name: DaemonName;
  /** `java`, or `nice` running java for the supervisor. */
  readonly command: string;
  readonly args: readonly string[];
  /** The port that accepts connections once the daemon serves. */
  readonly readyPort: number;
  readonly logFile: string;
  readonly env: NodeJS.ProcessEnv;
}

const MAIN_CLASS: Record<DaemonName, string> = {
  zookeeper: 'org.apache.storm.shade.org.apache.zookeeper.server.ZooKeeperServerMain',
  nimbus: 'org.apache.storm.daemon.nimbus.Nimbus',
  supervisor: 'org.apache.storm.daemon.supervisor.Supervisor',
};

const HEAP: Record<DaemonName, string> = { zookeeper: '-Xmx256m', nimbus: '-Xmx512m', supervisor: '-Xmx256m' };

/** The java command line of `name`, as Storm's `storm` script would build it for a release laid out in paths.home. */
export function daemonLaunch(name: DaemonName, paths: ClusterPaths, ports: ClusterPorts, loopbackShim: string | null): DaemonLaunch {
  const readyPort = ports[name];
  const args = [
    '-server',
    HEAP[name],
    '-XX:+UseSerialGC',
    '-Djava.net.preferIPv4Stack=true',
    `-Dstorm.home=${paths.home}`,
    `-Dstorm.log.dir=${paths.logs}`,
    `-Dlogfile.name=${name}.log`,
    `-Ddaemon.name=${name}`,
    `-Dlog4j.configurationFile=${join(paths.home, 'log4j2', 'cluster.xml')}`,
    '-cp',
    [join(paths.home, 'lib', '*'), join(paths.home, 'extlib', '*'), paths.confDir].join(':'),
    MAIN_CLASS[name],
    ...(name === 'zookeeper' ? [paths.zookeeperConf] : []),
  ];
  // Workers inherit the supervisor's environment: multilang children find `node` on PATH, as on a real supervisor
  // (this Node's directory is appended so it is found even when PATH lacks it, without shadowing anything on PATH).
  const path = [process.env['PATH'] ?? '', dirname(process.execPath)].join(':');
  // The supervisor (and so every worker and node child it starts, which inherit its priority) runs at nice 10: a
  // topology that saturates this machine's cores must not starve the daemons or `twinstorm status` / `kill`.
  const niced = name === 'supervisor';
  return {
    name,
    command: niced ? 'nice' : 'java',
    args: niced ? ['-n', '10', 'java', ...args] : args,
    readyPort,
    logFile: join(paths.logs, `${name}.out`),
    env: {
      ...process.env,
      PATH: path,
      STORM_CONF_DIR: paths.confDir,
      STORM_HOME: paths.home,
      // Inherited by workers too, so their Netty servers also listen on 127.0.0.1 only.
      ...(loopbackShim !== null ? { LD_PRELOAD: [loopbackShim, process.env['LD_PRELOAD']].filter(Boolean).join(' ') } : {}),
    },
  };
}
