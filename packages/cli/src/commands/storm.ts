import Table from 'cli-table3';
import type { ClusterOptions, LogSource, LogTail, StormCluster, StormClusterStatus, StormDownResult } from '@twinstorm/cluster';
import type { OutputStream } from '../run/output-stream.ts';

/** The actions of `twinstorm storm`. */
export type StormAction = 'up' | 'down' | 'status' | 'logs';

/** The options of `twinstorm storm <action>`, parsed. */
export interface StormOptions {
  json: boolean;
  dir?: string;
  source?: LogSource;
  lines?: number;
}

/** What `twinstorm storm` needs from @twinstorm/cluster and the process. */
export interface StormDeps {
  up(options: ClusterOptions): Promise<StormCluster>;
  down(options: ClusterOptions): Promise<StormDownResult>;
  status(options: ClusterOptions): Promise<StormClusterStatus>;
  logs(source: LogSource, lines: number, options: ClusterOptions): LogTail[];
  stdout: OutputStream;
  stderr: OutputStream;
}

function statusTable(s: StormClusterStatus): string {
  if (s.version === null) return `no Storm cluster started from ${s.dir} (start one with: twinstorm storm up)\n`;
  const table = new Table({ head: ['daemon', 'pid', 'process', 'port'], style: { head: [], border: [] } });
  for (const d of s.daemons)
    table.push([d.name, d.pid ?? '-', d.alive ? 'running' : 'dead', `${d.port} ${d.listening ? 'listening' : 'closed'}`]);
  const head = s.running
    ? `Storm ${s.version} running since ${s.startedAt}: nimbus ${s.nimbus?.host}:${s.nimbus?.port}`
    : `Storm ${s.version} is NOT fully running (restart with: twinstorm storm down && twinstorm storm up)`;
  const bind = s.loopbackOnly ? '127.0.0.1 only' : 'all interfaces (no loopback shim: see `twinstorm storm up` output)';
  return `${head}\n${table.toString()}\nworkers: ${s.workers}, multilang children: ${s.children}\nlistening on: ${bind}\nstate: ${s.dir}\n`;
}

/** `twinstorm storm up | down | status | logs`: a real Storm cluster on 127.0.0.1, for trying and testing submission. */
export async function stormCommand(action: StormAction, options: StormOptions, deps: StormDeps): Promise<number> {
  const cluster: ClusterOptions = {
    ...(options.dir !== undefined ? { dir: options.dir } : {}),
    onProgress: (line) => deps.stderr.write(`twinstorm: ${line}\n`),
  };
  switch (action) {
    case 'up': {
      const c = await deps.up(cluster);
      if (options.json) deps.stdout.write(`${JSON.stringify(c)}\n`);
      else
        deps.stdout.write(
          `Storm ${c.version} ${c.started ? 'started' : 'already running'}: nimbus ${c.nimbus.host}:${c.nimbus.port} (state in ${c.dir})\n`,
        );
      return 0;
    }
    case 'down': {
      const r = await deps.down(cluster);
      if (options.json) deps.stdout.write(`${JSON.stringify(r)}\n`);
      else
        deps.stdout.write(
          r.stopped === 0 ? 'no Storm process was running\n' : `stopped ${r.stopped} process(es); nothing of the cluster is left running\n`,
        );
      return 0;
    }
    case 'status': {
      const s = await deps.status(cluster);
      deps.stdout.write(options.json ? `${JSON.stringify(s)}\n` : statusTable(s));
      return s.running ? 0 : 1;
    }
    case 'logs': {
      const tails = deps.logs(options.source ?? 'all', options.lines ?? 40, cluster);
      if (tails.length === 0) deps.stderr.write('twinstorm: no Storm logs yet (start a cluster with: twinstorm storm up)\n');
      for (const t of tails) deps.stdout.write(`==> ${t.file} <==\n${t.lines}\n\n`);
      return 0;
    }
  }
}
