import { TwinstormError, type ShellCommand } from '@twinstorm/core';
import { readShellCommand } from '@twinstorm/core/runtime';
import type { ShellLaunch } from './shell-child.ts';

/** Settings of a shell component that matter to local runs only (on Storm the child runs in the jar's resources/). */
export interface LocalShellOptions {
  /** Working directory of the subprocess; default: the current directory. Relative script paths resolve from it. */
  readonly cwd?: string;
  /** Environment variables added to the inherited environment (e.g. PYTHONPATH, PYTHONIOENCODING). */
  readonly env?: Readonly<Record<string, string>>;
}

/** What a shell component class carries statically: Storm's command (read by the builder) plus local options. */
export interface ShellComponentClass {
  readonly shell?: ShellCommand;
  readonly shellOptions?: LocalShellOptions;
}

/** The command line a task runs, from its class; a class without `static shell` is a mistake reported clearly. */
export function launchOf(cls: unknown, componentId: string): ShellLaunch {
  const shell = readShellCommand(componentId, cls);
  if (shell === undefined) {
    throw new TwinstormError(
      'E_INVALID_SHELL',
      'is a ShellBolt/ShellSpout without a command: declare `static shell = { command, args }` or use shellBolt()/shellSpout()',
      { component: componentId },
    );
  }
  const options = (cls as ShellComponentClass).shellOptions;
  return { command: shell.command, args: shell.args, cwd: options?.cwd, env: options?.env };
}
