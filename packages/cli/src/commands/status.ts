import { ClusterError, type StormTopologySummary } from '@twinstorm/cluster';
import { CliError } from '../errors.ts';
import { renderRunReport } from '../render/snapshot-table.ts';
import { renderStormReport } from '../render/storm-report.ts';
import type { OutputStream } from '../run/output-stream.ts';
import { listRuns, type ListedRun } from '../status/registry.ts';
import type { StatusPayload } from '../status/status-types.ts';
import { withStormHistory } from '../status/storm-memory.ts';

/** The options of `twinstorm status`, parsed. */
export interface StatusOptions {
  json: boolean;
  /** Ask Storm only (skip the runs on this machine). */
  storm?: boolean;
  /** Nimbus `host:port` for the Storm lookup; default $TWINSTORM_NIMBUS, else 127.0.0.1:6627. */
  nimbus?: string;
}

/** How status asks Storm (stormTopologyStatus); `installIfMissing: false` when it is only a fallback. */
export type StormStatusLookup = (name: string, options: { nimbus?: string; installIfMissing: boolean }) => Promise<StormTopologySummary>;

/** What `status` needs from the outside world. */
export interface StatusDeps {
  runtimeDir: string;
  fetch: (socket: string) => Promise<StatusPayload>;
  stdout: OutputStream;
  stderr: OutputStream;
  /** Looks a name up on Storm when it is not a run on this machine (or with --storm); absent: local runs only. */
  stormStatus?: StormStatusLookup;
}

/** Why a Storm lookup found nothing, said in the not-found message instead of failing on its own. */
const STORM_MISSES = new Set(['E_TOPOLOGY_NOT_FOUND', 'E_NIMBUS_UNREACHABLE', 'E_TOOL_MISSING']);

/** `twinstorm status [name]`: shows the runs on this machine (dropping stale registrations), or one of them by name. */
export async function statusCommand(name: string | undefined, options: StatusOptions, deps: StatusDeps): Promise<number> {
  const nimbus = options.nimbus === undefined ? {} : { nimbus: options.nimbus };
  if (options.storm === true) {
    if (name === undefined) throw new CliError('E_USAGE', 'status --storm needs a topology name (twinstorm list shows them)');
    if (deps.stormStatus === undefined) throw new CliError('E_USAGE', 'this twinstorm cannot reach Storm');
    return await printStorm(await deps.stormStatus(name, { ...nimbus, installIfMissing: true }), options, deps);
  }
  const all = await listRuns(deps.runtimeDir, deps.fetch);
  const runs = name === undefined ? all : all.filter((r) => r.entry.name === name);
  if (name !== undefined && runs.length === 0) {
    let stormMiss = '';
    if (deps.stormStatus !== undefined) {
      try {
        return await printStorm(await deps.stormStatus(name, { ...nimbus, installIfMissing: false }), options, deps);
      } catch (error) {
        if (!(error instanceof ClusterError) || !STORM_MISSES.has(error.code)) throw error;
        // Said only when --nimbus asked for Storm: by default the fallback is silent, for users of the local engine only.
        if (options.nimbus !== undefined) {
          stormMiss = error.code === 'E_TOPOLOGY_NOT_FOUND' ? '; not on Storm either' : `; Storm not asked: ${error.message}`;
        }
      }
    }
    const others = all.length === 0 ? 'no twinstorm runs on this machine' : `running: ${all.map((r) => r.entry.name).join(', ')}`;
    throw new CliError('E_RUN_NOT_FOUND', `no run named "${name}" (${others}${stormMiss})`);
  }
  for (const r of runs) {
    if ('unreachable' in r) deps.stderr.write(`twinstorm: run "${r.entry.name}" (pid ${r.entry.pid}) did not answer: ${r.unreachable}\n`);
  }
  const answered = runs.filter((r): r is ListedRun & { status: StatusPayload } => 'status' in r);
  if (options.json) {
    deps.stdout.write(`${JSON.stringify({ runs: answered.map((r) => r.status) })}\n`);
    return 0;
  }
  if (runs.length === 0) {
    deps.stdout.write('no twinstorm runs on this machine\n');
    return 0;
  }
  const blocks = answered.map(
    (r) => `== ${r.entry.name} (pid ${r.entry.pid}, started ${r.entry.startedAt})\n${renderRunReport(r.status)}\n`,
  );
  deps.stdout.write(blocks.join('\n'));
  return 0;
}

/** One topology on Storm, in the local report's shape (`{"runs": [summary]}` with --json, else the table), with the restarts and errors kept from earlier calls. */
async function printStorm(answer: StormTopologySummary, options: StatusOptions, deps: StatusDeps): Promise<number> {
  const summary = await withStormHistory(answer, deps.runtimeDir);
  if (options.json) deps.stdout.write(`${JSON.stringify({ runs: [summary] })}\n`);
  else deps.stdout.write(`== ${summary.name} (storm)\n${renderStormReport(summary)}\n`);
  return 0;
}
