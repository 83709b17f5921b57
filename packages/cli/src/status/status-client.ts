import http from 'node:http';
import type { RunView } from '@twinstorm/web';
import type { StatusPayload } from './status-types.ts';

/** Fetches GET /status from a run's Unix socket; connection errors keep their `code` (ECONNREFUSED, ENOENT) for stale detection. */
export function fetchStatus(socket: string, timeoutMs = 2000): Promise<StatusPayload> {
  return getJson<StatusPayload>(socket, '/status', timeoutMs);
}

/** Fetches GET /view (the run as the status page sees it) from a run's Unix socket. */
export function fetchView(socket: string, timeoutMs = 2000): Promise<RunView> {
  return getJson<RunView>(socket, '/view', timeoutMs);
}

function getJson<T>(socket: string, path: string, timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const request = http.get({ socketPath: socket, path, timeout: timeoutMs, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        if (response.statusCode !== 200) {
          reject(new Error(`status endpoint ${socket} answered ${response.statusCode ?? '?'}: ${body.slice(0, 200)}`));
          return;
        }
        try {
          resolve(JSON.parse(body) as T);
        } catch {
          reject(new Error(`status endpoint ${socket} sent invalid JSON`));
        }
      });
    });
    request.on('timeout', () => request.destroy(Object.assign(new Error(`status endpoint ${socket} timed out`), { code: 'ETIMEDOUT' })));
    request.on('error', reject);
  });
}
