import type { Topology } from '@twinstorm/core';
import {
  EXIT_CODES,
  fatalLine,
  MultilangError,
  type ProcessEvents,
  type RunComponentOptions,
  type StdoutGuard,
} from '@twinstorm/multilang';
import { errorMessage } from '@twinstorm/core/runtime';

/** The options of `twinstorm component`, parsed. */
export interface ComponentOptions {
  export: string;
}

/** What `component` needs from the outside world; the CLI passes the real ones, tests pass fakes. */
export interface ComponentDeps {
  /** Makes fd 1 the protocol's alone; called before the topology module is imported. */
  installGuard(): StdoutGuard;
  load(file: string, exportName: string): Promise<Topology>;
  run(options: RunComponentOptions): Promise<number>;
  stdin: NodeJS.ReadableStream;
  stderr: NodeJS.WritableStream;
  processEvents: ProcessEvents;
  pid: number;
}

/**
 * `twinstorm component <topology> <component-id>`: runs one component as a Storm multilang child on stdin/stdout
 * (what ShellBolt / ShellSpout start). Thin on purpose: the guard, the module, then runComponent, which the
 * topology jar's launcher calls the same way. Returns the runner's exit code (see EXIT_CODES).
 */
export async function componentCommand(file: string, componentId: string, options: ComponentOptions, deps: ComponentDeps): Promise<number> {
  const guard = deps.installGuard();
  let topology: Topology;
  try {
    topology = await deps.load(file, options.export);
  } catch (error) {
    const reason = errorMessage(error);
    const failure = new MultilangError('E_TOPOLOGY_LOAD', `cannot load topology module ${file}: ${reason}`, {}, { cause: error });
    // Output captured while the module was importing goes to stderr, with the reason after it.
    guard.uninstall();
    deps.stderr.write(`${fatalLine({ component: componentId, pid: deps.pid }, failure)}\n`);
    return EXIT_CODES.E_TOPOLOGY_LOAD;
  }
  return deps.run({
    topology,
    componentId,
    input: deps.stdin,
    output: guard.protocolOutput,
    errorOutput: deps.stderr,
    processEvents: deps.processEvents,
    stdoutGuard: guard,
    pid: deps.pid,
  });
}
