// The code of the topology jar's `resources/twinstorm/run.js` (bundled into it, never imported by the CLI): what
// `node twinstorm/run.js <component-id>` runs on a Storm worker, the same steps as `twinstorm component`.
import { type Topology } from '@twinstorm/core';
import { topologyExport, errorMessage } from '@twinstorm/core/runtime';
import { EXIT_CODES, fatalLine, installStdoutGuard, MultilangError, runComponent } from '@twinstorm/multilang';

/** What the generated entry hands the launcher: the bundled topology module, lazily, and which export to use. */
export interface LaunchTarget {
  /** Imports the bundled topology module (a dynamic import, so it is evaluated after the stdout guard is in place). */
  load: () => Promise<Record<string, unknown>>;
  exportName: string;
  /** The module's original file name, for messages. */
  moduleLabel: string;
}

/**
 * Runs one component as a Storm multilang child on stdin/stdout and exits with the runner's code: the stdout guard
 * first (the module may log at import time), then the module, then runComponent — what `twinstorm component` does.
 */
export async function launchComponent(target: LaunchTarget, argv: readonly string[] = process.argv.slice(2)): Promise<never> {
  const componentId = argv[0];
  if (componentId === undefined || componentId.length === 0 || argv.length > 1) {
    process.stderr.write(`usage: node twinstorm/run.js <component-id> (got ${JSON.stringify(argv)})\n`);
    return exit(EXIT_CODES.E_UNKNOWN_COMPONENT);
  }
  const guard = installStdoutGuard();
  let topology: Topology;
  try {
    topology = topologyExport(await target.load(), target.exportName, target.moduleLabel).withSource({
      module: 'twinstorm/run.js',
      export: target.exportName,
    });
  } catch (error) {
    const reason = errorMessage(error);
    const failure = new MultilangError(
      'E_TOPOLOGY_LOAD',
      `cannot load topology module ${target.moduleLabel}: ${reason}`,
      {},
      { cause: error },
    );
    guard.uninstall();
    process.stderr.write(`${fatalLine({ component: componentId, pid: process.pid }, failure)}\n`);
    return exit(EXIT_CODES.E_TOPOLOGY_LOAD);
  }
  const code = await runComponent({
    topology,
    componentId,
    input: process.stdin,
    output: guard.protocolOutput,
    errorOutput: process.stderr,
    processEvents: process,
    stdoutGuard: guard,
    pid: process.pid,
  });
  return exit(code);
}

/** Exits once stderr is flushed (a component may hold timers or sockets that would keep the process up). */
async function exit(code: number): Promise<never> {
  await new Promise<void>((resolve) => process.stderr.write('', () => resolve()));
  process.exit(code);
}
