import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ClusterError } from '../errors.ts';
import { ensureRunnerJar, runnerJarPath } from '../package/runner-jar.ts';
import { stormInstallHome } from '../storm-home/install.ts';
import { stormClasspath } from '../submit/storm-classpath.ts';
import { runJavaMain } from './java-main.ts';
import { formatNimbus, resolveNimbus } from './nimbus-address.ts';
import { probeNimbus } from './probe.ts';

/** Where Nimbus is and how long a command may take. */
export interface NimbusOptions {
  /** `host:port`; default $TWINSTORM_NIMBUS, else 127.0.0.1:6627. */
  nimbus?: string;
  /** Default 90 s (a JVM start plus Nimbus's own 15 s connect timeout, with room). */
  timeoutMs?: number;
  /**
   * Resolve Storm's jars / build the runner jar when missing (default true). `twinstorm status <name>` falling back
   * from local runs to Storm passes false, so a typo never starts a 136 MB download.
   */
  installIfMissing?: boolean;
}

/**
 * Runs the runner jar's NimbusCommand (`ping | list | kill NAME | status NAME`) over Thrift and returns its JSON
 * document. Exit codes become ClusterErrors: E_TOPOLOGY_NOT_FOUND, E_NIMBUS_UNREACHABLE, else E_NIMBUS, each with
 * the Java side's line.
 */
export async function nimbusCommand(args: readonly string[], what: string, options: NimbusOptions = {}): Promise<unknown> {
  const address = resolveNimbus(options.nimbus);
  const nimbus = formatNimbus(address);
  if (options.installIfMissing === false && !stormClientReady()) {
    throw new ClusterError('E_TOOL_MISSING', 'Storm is not set up on this machine (`twinstorm storm up` or `twinstorm list` sets it up)');
  }
  await probeNimbus(address);
  const [classpath, runnerJar] = await Promise.all([stormClasspath(), ensureRunnerJar()]);
  return runJavaMain({
    mainClass: 'dev.twinstorm.storm.submit.NimbusCommand',
    classpath: [classpath, runnerJar],
    args: ['--nimbus', nimbus, ...args],
    what,
    failureCode: 'E_NIMBUS',
    timeoutMs: options.timeoutMs ?? 90_000,
  });
}

/** Whether Storm's jars and the runner jar are already here (nothing to resolve or build). */
function stormClientReady(env: NodeJS.ProcessEnv = process.env): boolean {
  return existsSync(join(stormInstallHome(env), 'lib')) && existsSync(runnerJarPath({ env }));
}
