import { connect } from 'node:net';
import { ClusterError } from '../errors.ts';
import { formatNimbus, type NimbusAddress } from './nimbus-address.ts';

/** What to tell a user whose Nimbus does not answer. */
export const NIMBUS_HINT = 'start one with `twinstorm storm up`, or point --nimbus / TWINSTORM_NIMBUS at yours';

/**
 * A TCP connect to Nimbus's Thrift port before any JVM starts: a refused or silent port is reported in milliseconds
 * as E_NIMBUS_UNREACHABLE instead of after a JVM start and Thrift's own timeout.
 */
export function probeNimbus(address: NimbusAddress, timeoutMs = 3000): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: address.host, port: address.port });
    const fail = (why: string): void => {
      socket.destroy();
      reject(new ClusterError('E_NIMBUS_UNREACHABLE', `Nimbus at ${formatNimbus(address)} is unreachable (${why}): ${NIMBUS_HINT}`));
    };
    socket.setTimeout(timeoutMs, () => fail(`no answer within ${timeoutMs} ms`));
    socket.once('error', (error: NodeJS.ErrnoException) => fail(error.code === 'ECONNREFUSED' ? 'connection refused' : error.message));
    socket.once('connect', () => {
      socket.end();
      socket.destroy();
      resolve();
    });
  });
}
