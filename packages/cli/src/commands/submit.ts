import type { ConfValue } from '@twinstorm/core';
import type { SubmitOptions, SubmitResult } from '@twinstorm/cluster';
import type { OutputStream } from '../run/output-stream.ts';

/** The options of `twinstorm submit`, parsed. */
export interface SubmitCommandOptions {
  export: string;
  name?: string;
  nimbus?: string;
  conf: Record<string, ConfValue>;
  resources?: string[];
  json: boolean;
}

/** What `submit` needs from @twinstorm/cluster and the process. */
export interface SubmitDeps {
  submitTopology(options: SubmitOptions): Promise<SubmitResult>;
  stdout: OutputStream;
  stderr: OutputStream;
}

/** `twinstorm submit <topology.ts|app.jar>`: packages a module when given one, then submits the jar to Nimbus. */
export async function submitCommand(target: string, options: SubmitCommandOptions, deps: SubmitDeps): Promise<number> {
  const common = {
    conf: options.conf,
    ...(options.name === undefined ? {} : { name: options.name }),
    ...(options.nimbus === undefined ? {} : { nimbus: options.nimbus }),
  };
  const request: SubmitOptions = target.endsWith('.jar')
    ? { jar: target, ...common }
    : {
        topologyPath: target,
        exportName: options.export,
        ...(options.resources === undefined ? {} : { extraResources: options.resources }),
        ...common,
      };
  const result = await deps.submitTopology(request);
  for (const w of result.packaged?.warnings ?? []) deps.stderr.write(`twinstorm: warning: ${w}\n`);
  if (result.packaged !== undefined) {
    deps.stderr.write(
      `twinstorm: packaged ${target} into ${result.packaged.jar} (temporary, removed once submitted; twinstorm package ${target} -o app.jar keeps one)\n`,
    );
  }
  if (options.json) {
    deps.stdout.write(`${JSON.stringify(result)}\n`);
    return 0;
  }
  const id = result.id === null ? '' : ` (id ${result.id})`;
  deps.stdout.write(`submitted ${result.name}${id} to Nimbus at ${result.nimbus}; watch it with: twinstorm status ${result.name}\n`);
  return 0;
}
