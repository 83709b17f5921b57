import { TwinstormError } from './errors.ts';

/**
 * The command of a shell component, as Storm's ShellComponent (execution command + script): the program and its
 * arguments, run without a shell. On Storm the child's working directory is the topology jar's `resources/`.
 */
export interface ShellCommand {
  readonly command: string;
  readonly args: readonly string[];
}

/** What a component class may declare to be a shell component: `static shell = { command, args }`. */
export interface ShellDeclaringClass {
  readonly shell?: unknown;
}

/**
 * Reads and validates a class's static `shell` declaration (undefined when it has none), so a malformed command is
 * reported at build time with the component named, not when a runtime first spawns it. A shell BasicBolt is refused:
 * its subprocess acks its own input.
 */
export function readShellCommand(componentId: string, cls: unknown): ShellCommand | undefined {
  const shell = typeof cls === 'function' ? (cls as ShellDeclaringClass).shell : undefined;
  if (shell === undefined) return undefined;
  const site = { component: componentId };
  if (typeof shell !== 'object' || shell === null || Array.isArray(shell)) {
    throw new TwinstormError('E_INVALID_SHELL', 'static shell must be an object { command, args }', site);
  }
  const { command, args } = shell as { command?: unknown; args?: unknown };
  if (typeof command !== 'string' || command.trim().length === 0) {
    throw new TwinstormError(
      'E_INVALID_SHELL',
      `shell command must be a non-empty string, got ${JSON.stringify(command) ?? String(command)}`,
      site,
    );
  }
  if (args !== undefined && (!Array.isArray(args) || args.some((a) => typeof a !== 'string'))) {
    throw new TwinstormError('E_INVALID_SHELL', 'shell args must be an array of strings', site);
  }
  if ((cls as { twinstormKind?: unknown }).twinstormKind === 'basic-bolt') {
    throw new TwinstormError('E_INVALID_SHELL', 'a shell component cannot be a BasicBolt: its subprocess acks its own input', site);
  }
  return Object.freeze({ command, args: Object.freeze([...((args as string[] | undefined) ?? [])]) });
}
