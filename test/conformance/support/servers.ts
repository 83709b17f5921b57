// The shared servers the connector rows run against: those `twinstorm services up` started. A row never starts them
// itself; when one is not running or not reachable, the row fails naming the server and the command that starts it.
import { connect } from 'node:net';
import { runningServiceAddresses } from '@twinstorm/services/addresses';

/** The addresses the connector rows use. */
export interface ConnectorServers {
  readonly brokers: string;
  readonly postgresUrl: string;
  readonly redisUrl: string;
}

const START = 'start them with `npx twinstorm services up kafka postgres redis`';

/** Resolves when host:port accepts a TCP connection within 2 s; rejects with what was tried. */
function reachable(what: string, hostPort: string): Promise<void> {
  const [host, port] = [hostPort.slice(0, hostPort.lastIndexOf(':')), Number(hostPort.slice(hostPort.lastIndexOf(':') + 1))];
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port, timeout: 2000 });
    const fail = (why: string) => {
      socket.destroy();
      reject(new Error(`${what} is not reachable at ${hostPort} (${why}): the connector rows need it; ${START}`));
    };
    socket.once('connect', () => {
      socket.end();
      resolve();
    });
    socket.once('timeout', () => fail('no answer in 2 s'));
    socket.once('error', (error: NodeJS.ErrnoException) => fail(error.code ?? error.message));
  });
}

/** The running Kafka, PostgreSQL and Redis of `twinstorm services`, each checked to accept connections. */
export async function requireServers(): Promise<ConnectorServers> {
  const running = runningServiceAddresses();
  const missing = [
    running.kafka === undefined ? 'Kafka' : null,
    running.postgres === undefined ? 'PostgreSQL' : null,
    running.redis === undefined ? 'Redis' : null,
  ].filter((m) => m !== null);
  if (missing.length > 0) throw new Error(`${missing.join(', ')} not running (no \`twinstorm services\` state for it): ${START}`);
  const servers = { brokers: running.kafka!.brokers, postgresUrl: running.postgres!.url, redisUrl: running.redis!.url };
  await reachable('Kafka', servers.brokers.split(',')[0]!);
  await reachable('PostgreSQL', new URL(servers.postgresUrl).host);
  await reachable('Redis', new URL(servers.redisUrl).host);
  return servers;
}
