import { existsSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { RunSnapshot } from '@twinstorm/local';
import type { RunView } from '@twinstorm/web';
import { removeRegistryFilesSync, writeRegistryEntry } from './registry.ts';
import { ensureRuntimeDir, socketPathFor } from './runtime-dir.ts';
import type { RegistryEntry, StatusPayload } from './status-types.ts';
import { errorMessage } from '@twinstorm/core/runtime';

/** What the status endpoint needs from a run. */
export interface StatusServerOptions {
  dir: string;
  name: string;
  topology: string;
  pid: number;
  startedAt: Date;
  snapshot: () => RunSnapshot;
  /** The run as the status page sees it, served on GET /view for `twinstorm ui`. */
  view?: () => RunView;
}

/** A started endpoint: where it listens, and how to take it down (also synchronously, from an 'exit' handler). */
export interface StatusServer {
  socket: string;
  registryFile: string;
  close(): Promise<void>;
  closeSync(): void;
}

/** Serves GET /status (and GET /view for `twinstorm ui`) on a Unix socket in the registry dir and registers the run there, so `twinstorm status` can find it. */
export async function startStatusServer(options: StatusServerOptions): Promise<StatusServer> {
  await ensureRuntimeDir(options.dir);
  const socket = socketPathFor(options.dir, options.name, options.pid);
  if (existsSync(socket)) rmSync(socket, { force: true }); // left by a crashed run that had our pid
  const startedAt = options.startedAt.toISOString();
  const status = (): StatusPayload => ({ ...options.snapshot(), name: options.name, pid: options.pid, startedAt });
  const server = http.createServer((request, response) => {
    const route = request.method === 'GET' ? (request.url ?? '').split('?')[0] : undefined;
    const answer = route === '/status' ? status : route === '/view' ? options.view : undefined;
    if (answer === undefined) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found: try GET /status\n');
      return;
    }
    try {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer()));
    } catch (error) {
      response.writeHead(500, { 'content-type': 'text/plain' }).end(`${errorMessage(error)}\n`);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socket, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.unref();
  const entry: RegistryEntry = { name: options.name, pid: options.pid, socket, topology: options.topology, startedAt };
  const registryFile = await writeRegistryEntry(options.dir, entry);
  let closed = false;
  return {
    socket,
    registryFile,
    async close() {
      if (closed) return;
      closed = true;
      removeRegistryFilesSync(registryFile, socket);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    closeSync() {
      if (closed) return;
      closed = true;
      removeRegistryFilesSync(registryFile, socket);
      server.closeAllConnections();
      server.close();
    },
  };
}
