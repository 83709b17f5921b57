import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DAEMONS } from './daemons.ts';
import { clusterPaths } from './layout.ts';
import { tailLines } from './log-tail.ts';
import { resolveClusterOptions, type ClusterOptions } from './options.ts';

/** Which logs `twinstorm storm logs` shows. */
export type LogSource = 'zookeeper' | 'nimbus' | 'supervisor' | 'worker' | 'all';

/** The log sources a user may name. */
export const LOG_SOURCES: readonly LogSource[] = ['zookeeper', 'nimbus', 'supervisor', 'worker', 'all'];

/** One log file and its last lines. */
export interface LogTail {
  readonly file: string;
  readonly lines: string;
}

function workerLogs(logsDir: string): string[] {
  // Storm writes workers' logs under storm.log.dir/workers-artifacts/<topology-id>/<port>/worker.log(.out|.err).
  const root = join(logsDir, 'workers-artifacts');
  if (!existsSync(root)) return [];
  const files: string[] = [];
  for (const topology of readdirSync(root)) {
    for (const port of readdirSync(join(root, topology))) {
      for (const f of ['worker.log', 'worker.log.err', 'worker.log.out']) {
        const file = join(root, topology, port, f);
        if (existsSync(file) && statSync(file).size > 0) files.push(file);
      }
    }
  }
  return files.sort();
}

/** The last `lines` lines of each log of `source`, daemons' own files and their captured stdout/stderr alike. */
export function stormLogs(source: LogSource, lines: number, options: ClusterOptions = {}): LogTail[] {
  const paths = clusterPaths(resolveClusterOptions(options).dir);
  const daemons = source === 'all' ? DAEMONS : source === 'worker' ? [] : [source];
  const files: string[] = [];
  for (const d of daemons) files.push(join(paths.logs, `${d}.log`), join(paths.logs, `${d}.out`));
  if (source === 'worker' || source === 'all') files.push(...workerLogs(paths.logs));
  return files.filter((f) => existsSync(f) && statSync(f).size > 0).map((file) => ({ file, lines: tailLines(file, lines) }));
}
