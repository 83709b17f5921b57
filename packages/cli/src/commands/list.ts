import Table from 'cli-table3';
import type { NimbusOptions, StormTopologyListing } from '@twinstorm/cluster';
import { formatUptime } from '../render/format.ts';
import type { OutputStream } from '../run/output-stream.ts';

/** The options of `twinstorm list`, parsed. */
export interface ListOptions {
  nimbus?: string;
  json: boolean;
}

/** What `list` needs from @twinstorm/cluster and the process. */
export interface ListDeps {
  listTopologies(options: NimbusOptions): Promise<StormTopologyListing[]>;
  stdout: OutputStream;
}

/** `twinstorm list`: the topologies running on the Storm cluster. */
export async function listCommand(options: ListOptions, deps: ListDeps): Promise<number> {
  const topologies = await deps.listTopologies(options.nimbus === undefined ? {} : { nimbus: options.nimbus });
  if (options.json) {
    deps.stdout.write(`${JSON.stringify({ topologies })}\n`);
    return 0;
  }
  if (topologies.length === 0) {
    deps.stdout.write('no topologies running on Storm\n');
    return 0;
  }
  const table = new Table({
    head: ['name', 'status', 'uptime', 'workers', 'executors', 'tasks', 'id'],
    colAligns: ['left', 'left', 'right', 'right', 'right', 'right', 'left'],
    style: { head: [], border: [], compact: true },
  });
  for (const t of topologies) {
    table.push([t.name, t.status, formatUptime(t.uptimeSecs * 1000), t.workers, t.executors, t.tasks, t.id]);
  }
  deps.stdout.write(`${table.toString()}\n`);
  return 0;
}
