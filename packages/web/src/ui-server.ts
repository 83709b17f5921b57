import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { WebError } from './errors.ts';
import { loadPageAssets } from './page-assets.ts';
import { PROMETHEUS_CONTENT_TYPE, prometheusText } from './prometheus.ts';
import { RateWindow, type RunRates } from './rate-window.ts';
import { componentPage, topologyPage, topologySummary } from './storm-ui-api.ts';
import type { RunView } from './view-types.ts';

/** Where the page's runs come from: one run in this process, the runs on this machine, a Nimbus... */
export interface RunSource {
  views(): Promise<RunView[]>;
}

/** Options of the status page server. */
export interface UiServerOptions {
  source: RunSource;
  /** 0 picks a free port. */
  port: number;
  /** Default 127.0.0.1: the page shows topology internals, so it is not offered to the network unless asked. */
  host?: string;
  /** How often the live page gets new figures (ms; default 1000). */
  tickMs?: number;
}

/** A listening status page. */
export interface UiServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** One run with its recent rates, as the live page receives it. */
export interface LiveRun {
  view: RunView;
  rates: RunRates;
}

/**
 * Serves the status page, its Storm-UI-shaped JSON API, a server-sent event stream of the runs for the live page,
 * and /metrics for Prometheus, on a Hono app over Node's http server.
 */
export async function startUiServer(options: UiServerOptions): Promise<UiServer> {
  const app = uiApp(options.source, options.tickMs ?? 1000);
  const server = createAdaptorServer({ fetch: app.fetch }) as Server;
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new WebError('E_UI_PORT_IN_USE', `port ${options.port} on ${host} is in use: pick another with --ui <port>`)
          : new WebError('E_UI_LISTEN', `cannot serve the status page on ${host}:${options.port}: ${error.message}`),
      ),
    );
    server.listen(options.port, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The routes, apart from the listening socket (tests call app.request). */
export function uiApp(source: RunSource, tickMs: number): Hono {
  const assets = loadPageAssets();
  const rates = new RateWindow();
  const live = async (): Promise<LiveRun[]> => (await source.views()).map((view) => ({ view, rates: rates.observe(view) }));
  const find = async (id: string): Promise<LiveRun | undefined> => (await live()).find((r) => r.view.id === id);
  const app = new Hono();

  for (const [url, asset] of assets) app.get(url, (c) => c.body(asset.body, 200, { 'content-type': asset.contentType }));
  app.get('/api/v1/topology/summary', async (c) => c.json(topologySummary(await source.views())));
  app.get('/api/v1/topology/:id', async (c) => {
    const run = await find(c.req.param('id'));
    return run === undefined ? notFound(c.req.param('id')) : Response.json(topologyPage(run.view, run.rates));
  });
  app.get('/api/v1/topology/:id/component/:component', async (c) => {
    const run = await find(c.req.param('id'));
    if (run === undefined) return notFound(c.req.param('id'));
    const page = componentPage(run.view, c.req.param('component'), run.rates);
    if (page === undefined)
      return Response.json({ error: `no component "${c.req.param('component')}" in topology "${run.view.id}"` }, { status: 404 });
    return Response.json(page);
  });
  app.get('/api/v1/events', (c) =>
    streamSSE(c, async (stream) => {
      while (!stream.aborted) {
        await stream.writeSSE({ event: 'runs', data: JSON.stringify({ runs: await live() }) });
        await stream.sleep(tickMs);
      }
    }),
  );
  app.get(
    '/metrics',
    async () => new Response(await prometheusText(await source.views()), { headers: { 'content-type': PROMETHEUS_CONTENT_TYPE } }),
  );
  app.notFound(() => Response.json({ error: 'not found: try /, /api/v1/topology/summary or /metrics' }, { status: 404 }));
  return app;
}

function notFound(id: string): Response {
  return Response.json({ error: `no topology "${id}" (GET /api/v1/topology/summary lists them)` }, { status: 404 });
}
