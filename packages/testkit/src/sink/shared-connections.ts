import type { Conf } from '@twinstorm/core';
import { TESTKIT_CONF } from '../conf-keys.ts';
import { TestkitError } from '../errors.ts';
import { SinkConnection } from './sink-connection.ts';

interface Entry {
  readonly connection: Promise<SinkConnection>;
  refs: number;
}

/** One connection per sink per process: every task of a local run shares it, a Storm child has its own. */
const connections = new Map<string, Entry>();

/** The sink address and run token in a task's conf, or null when the topology runs without the testkit. */
export function sinkTarget(conf: Conf): { address: string; run: string } | null {
  const address = conf[TESTKIT_CONF.sink];
  const run = conf[TESTKIT_CONF.run];
  if (address === undefined || address === null) return null;
  if (typeof address !== 'string' || typeof run !== 'string') {
    throw new TestkitError('E_SINK', `conf "${TESTKIT_CONF.sink}" and "${TESTKIT_CONF.run}" must be strings`);
  }
  return { address, run };
}

/** Takes a reference on the process's connection to the sink (connecting on first use). */
export async function acquireConnection(target: { address: string; run: string }): Promise<SinkConnection> {
  const key = `${target.address}|${target.run}`;
  let entry = connections.get(key);
  if (entry === undefined) {
    const connection = SinkConnection.open(target.address, target.run);
    entry = { connection, refs: 0 };
    connections.set(key, entry);
    // A failed connection is not cached: the next task tries again and reports its own error.
    connection.catch(() => connections.delete(key));
  }
  entry.refs++;
  return entry.connection;
}

/** Drops a reference; the last one closes the connection (after what was written has gone out). */
export function releaseConnection(connection: SinkConnection): void {
  const key = `${connection.address}|${connection.run}`;
  const entry = connections.get(key);
  if (entry === undefined) return;
  entry.refs--;
  if (entry.refs <= 0) {
    connections.delete(key);
    connection.close();
  }
}
