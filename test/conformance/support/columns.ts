import type { Runtime } from '@twinstorm/testkit';

/**
 * The columns of CAPABILITIES.md: a runtime, and for Storm also a run with `topology.workers: 2`, where tuples cross
 * Storm's Netty transfer and Kryo between worker JVMs (the loopback cluster has 4 slots).
 */
export type Column = 'local' | 'storm' | 'storm-2w';

/** Each column's runtime and the conf it adds to every case (one list, read by the suite, the results and the gate). */
export const COLUMNS: Readonly<Record<Column, { runtime: Runtime; conf: Record<string, number> }>> = {
  local: { runtime: 'local', conf: {} },
  storm: { runtime: 'storm', conf: {} },
  'storm-2w': { runtime: 'storm', conf: { 'topology.workers': 2 } },
};
