import { startUiServer, type RunView, type UiServer, type UiServerOptions } from '@twinstorm/web';
import type { OutputStream } from '../run/output-stream.ts';
import { handleStopSignals, type SignalSource } from '../run/signals.ts';
import { listRuns } from '../status/registry.ts';
import { StormPoller, type StormLookups } from '../ui/storm-poller.ts';

/** The options of `twinstorm ui`, parsed. */
export interface UiOptions {
  port: number;
  host: string;
  /** Also show the topologies on a Nimbus (default on). */
  storm: boolean;
  nimbus?: string;
}

/** What `ui` needs from the outside world. */
export interface UiDeps {
  runtimeDir: string;
  fetchView: (socket: string) => Promise<RunView>;
  storm: StormLookups;
  startUi?: (options: UiServerOptions) => Promise<UiServer>;
  stdout: OutputStream;
  stderr: OutputStream;
  signals: SignalSource;
}

/**
 * `twinstorm ui`: serves the status page for every twinstorm run on this machine (each asked for its view over its
 * status socket on every refresh) and the topologies on a Nimbus, until Ctrl-C.
 */
export async function uiCommand(options: UiOptions, deps: UiDeps): Promise<number> {
  const poller = options.storm
    ? new StormPoller(
        deps.storm,
        options.nimbus === undefined ? {} : { nimbus: options.nimbus },
        (line) => void deps.stderr.write(`${line}\n`),
      )
    : undefined;
  const views = async (): Promise<RunView[]> => {
    const local = await listRuns(deps.runtimeDir, deps.fetchView);
    return [...local.flatMap((r) => ('status' in r ? [r.status] : [])), ...(poller?.views() ?? [])];
  };
  const server = await (deps.startUi ?? startUiServer)({ port: options.port, host: options.host, source: { views } });
  poller?.start();
  deps.stdout.write(
    `twinstorm: status page on ${server.url} (JSON API under ${server.url}api/v1/, Prometheus at ${server.url}metrics); Ctrl-C to stop\n`,
  );
  await new Promise<void>((resolve) => {
    const dispose = handleStopSignals(
      deps.signals,
      () => {
        dispose();
        resolve();
      },
      () => undefined,
    );
  });
  poller?.stop();
  await server.close();
  return 0;
}
