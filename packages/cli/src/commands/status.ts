import { CliError } from '../errors.ts';
import { renderRunReport } from '../render/snapshot-table.ts';
import type { OutputStream } from '../run/output-stream.ts';
import { listRuns, type ListedRun } from '../status/registry.ts';
import type { StatusPayload } from '../status/status-types.ts';

/** The options of `twinstorm status`, parsed. */
export interface StatusOptions {
  json: boolean;
}

/** What `status` needs from the outside world. */
export interface StatusDeps {
  runtimeDir: string;
  fetch: (socket: string) => Promise<StatusPayload>;
  stdout: OutputStream;
  stderr: OutputStream;
}

/** `twinstorm status [name]`: shows the runs on this machine (dropping stale registrations), or one of them by name. */
export async function statusCommand(name: string | undefined, options: StatusOptions, deps: StatusDeps): Promise<number> {
  const all = await listRuns(deps.runtimeDir, deps.fetch);
  const runs = name === undefined ? all : all.filter((r) => r.entry.name === name);
  if (name !== undefined && runs.length === 0) {
    const others = all.length === 0 ? 'no twinstorm runs on this machine' : `running: ${all.map((r) => r.entry.name).join(', ')}`;
    throw new CliError('E_RUN_NOT_FOUND', `no run named "${name}" (${others})`);
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
