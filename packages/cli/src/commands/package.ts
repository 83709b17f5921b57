import type { PackageOptions, PackageResult } from '@twinstorm/cluster';
import { formatBytes } from '../render/format.ts';
import type { OutputStream } from '../run/output-stream.ts';

/** The options of `twinstorm package`, parsed. */
export interface PackageCommandOptions {
  export: string;
  out?: string;
  resources?: string[];
  json: boolean;
}

/** What `package` needs from @twinstorm/cluster and the process. */
export interface PackageDeps {
  packageTopology(options: PackageOptions): Promise<PackageResult>;
  stdout: OutputStream;
  stderr: OutputStream;
}

/** `twinstorm package <topology> [-o app.jar]`: the topology jar Storm runs; warnings (e.g. a missing storm.py) on stderr. */
export async function packageCommand(topology: string, options: PackageCommandOptions, deps: PackageDeps): Promise<number> {
  const result = await deps.packageTopology({
    topologyPath: topology,
    exportName: options.export,
    ...(options.out === undefined ? {} : { outFile: options.out }),
    ...(options.resources === undefined ? {} : { extraResources: options.resources }),
  });
  for (const w of result.warnings) deps.stderr.write(`twinstorm: warning: ${w}\n`);
  if (options.json) {
    deps.stdout.write(`${JSON.stringify(result)}\n`);
    return 0;
  }
  const extra = result.resources.length > 0 ? `, resources: ${result.resources.join(' ')}` : '';
  deps.stdout.write(
    `packaged ${result.topology} -> ${result.jar} (${formatBytes(result.bytes)}, bundle ${formatBytes(result.bundleBytes)}${extra}; ` +
      `sha256 ${result.sha256.slice(0, 16)}; ${(result.durationMs / 1000).toFixed(1)}s)\n`,
  );
  return 0;
}
