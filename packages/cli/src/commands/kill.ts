import type { KillOptions } from '@twinstorm/cluster';
import type { OutputStream } from '../run/output-stream.ts';

/** The options of `twinstorm kill`, parsed. */
export interface KillCommandOptions {
  waitSecs?: number;
  nimbus?: string;
  json: boolean;
}

/** What `kill` needs from @twinstorm/cluster and the process. */
export interface KillDeps {
  killTopology(name: string, options: KillOptions): Promise<{ killed: string; waitSecs: number | null }>;
  stdout: OutputStream;
}

/** `twinstorm kill <name> [--wait s]`: Storm deactivates the spouts, waits, then removes the topology. */
export async function killCommand(name: string, options: KillCommandOptions, deps: KillDeps): Promise<number> {
  const result = await deps.killTopology(name, {
    ...(options.waitSecs === undefined ? {} : { waitSecs: options.waitSecs }),
    ...(options.nimbus === undefined ? {} : { nimbus: options.nimbus }),
  });
  if (options.json) {
    deps.stdout.write(`${JSON.stringify(result)}\n`);
    return 0;
  }
  const when = result.waitSecs === null ? "after the topology's message timeout" : `in ${result.waitSecs} s`;
  deps.stdout.write(`killing ${result.killed}: spouts deactivated, Storm removes it ${when}\n`);
  return 0;
}
