import type { NimbusOptions, RebalanceOptions, RebalanceResult } from '@twinstorm/cluster';
import type { OutputStream } from '../run/output-stream.ts';

/** The options of `twinstorm activate | deactivate | rebalance`, parsed. */
export interface ControlCommandOptions {
  nimbus?: string;
  json: boolean;
  /** rebalance only. */
  waitSecs?: number;
  workers?: number;
  executors?: Record<string, number>;
}

/** The Storm state changes `twinstorm` offers besides kill, as `storm activate / deactivate / rebalance` has them. */
export type ControlAction = 'activate' | 'deactivate' | 'rebalance';

/** What the control commands need from @twinstorm/cluster and the process. */
export interface ControlDeps {
  activateTopology(name: string, options: NimbusOptions): Promise<{ activated: string }>;
  deactivateTopology(name: string, options: NimbusOptions): Promise<{ deactivated: string }>;
  rebalanceTopology(name: string, options: RebalanceOptions): Promise<RebalanceResult>;
  stdout: OutputStream;
}

/** `twinstorm activate|deactivate|rebalance <name>`: asks Nimbus, prints what it accepted. */
export async function controlCommand(
  action: ControlAction,
  name: string,
  options: ControlCommandOptions,
  deps: ControlDeps,
): Promise<number> {
  const nimbus = options.nimbus === undefined ? {} : { nimbus: options.nimbus };
  let result: object;
  let line: string;
  if (action === 'activate') {
    result = await deps.activateTopology(name, nimbus);
    line = `activated ${name}: Storm calls its spouts' activate() and nextTuple again`;
  } else if (action === 'deactivate') {
    result = await deps.deactivateTopology(name, nimbus);
    line = `deactivated ${name}: Storm calls its spouts' deactivate() and no more nextTuple; tuples in flight still finish`;
  } else {
    const r = await deps.rebalanceTopology(name, {
      ...nimbus,
      ...(options.waitSecs === undefined ? {} : { waitSecs: options.waitSecs }),
      ...(options.workers === undefined ? {} : { workers: options.workers }),
      ...(options.executors === undefined ? {} : { executors: options.executors }),
    });
    result = r;
    const when = r.waitSecs === null ? "after the topology's message timeout" : `in ${r.waitSecs} s`;
    const what = [
      ...(r.workers === null ? [] : [`${r.workers} workers`]),
      ...Object.entries(r.executors).map(([c, n]) => `${c}: ${n} executors`),
    ];
    line = `rebalancing ${name}: Storm redistributes it ${when}${what.length === 0 ? '' : ` (${what.join(', ')})`}`;
  }
  deps.stdout.write(options.json ? `${JSON.stringify(result)}\n` : `${line}\n`);
  return 0;
}
