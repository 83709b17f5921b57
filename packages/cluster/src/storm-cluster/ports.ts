import { createConnection, createServer } from 'node:net';
import { ClusterError } from '../errors.ts';

/** True when something accepts TCP connections on 127.0.0.1:`port`. */
export function isListening(port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

function canBind(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/**
 * Fails with E_PORT_BUSY naming the daemon when `port` is taken. Storm's Thrift and Netty servers bind the wildcard
 * address, so the wildcard is what must be free, not just loopback.
 */
export async function assertPortFree(port: number, what: string): Promise<void> {
  if (!(await canBind(port, '0.0.0.0')) || !(await canBind(port, '127.0.0.1'))) {
    throw new ClusterError('E_PORT_BUSY', `port ${port} (${what}) is already in use by another process; free it or choose another port`);
  }
}
