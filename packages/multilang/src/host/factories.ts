import type { BoltClass, OutputDeclaringClass, SpoutClass } from '@twinstorm/core';
import { ShellBolt } from './shell-bolt.ts';
import { ShellSpout } from './shell-spout.ts';
import type { LocalShellOptions } from './shell-options.ts';

/** Everything a shell component needs: Storm's command, the declared outputs, and local-run options. */
export interface ShellComponentOptions extends LocalShellOptions {
  /** The program, e.g. `python3` or `node` (found on PATH, as Storm finds it on the worker's PATH). */
  readonly command: string;
  /** Its arguments, e.g. `['splitsentence.py']` (relative to `cwd` locally, to the jar's resources/ on Storm). */
  readonly args?: readonly string[];
  /** Fields of the default stream. */
  readonly outputFields?: readonly string[];
  /** Streams by id: fields, or `{ fields, direct }`. */
  readonly outputs?: OutputDeclaringClass['outputs'];
  /** The class name shown in the spec (informational). */
  readonly name?: string;
}

/** A ShellBolt class for `builder.setBolt`, without writing a subclass. */
export function shellBolt(options: ShellComponentOptions): BoltClass {
  const cls = class extends ShellBolt {};
  return Object.defineProperties(cls, statics(options, 'ShellBolt'));
}

/** A ShellSpout class for `builder.setSpout`, without writing a subclass. */
export function shellSpout(options: ShellComponentOptions): SpoutClass {
  const cls = class extends ShellSpout {};
  return Object.defineProperties(cls, statics(options, 'ShellSpout'));
}

function statics(options: ShellComponentOptions, base: string): PropertyDescriptorMap {
  const shellOptions: LocalShellOptions = {
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    ...(options.env === undefined ? {} : { env: { ...options.env } }),
  };
  const props: PropertyDescriptorMap = {
    // Validated by the builder (readShellCommand), which names the component in any error.
    shell: { value: { command: options.command, args: options.args === undefined ? [] : [...options.args] } },
    shellOptions: { value: shellOptions },
    name: { value: options.name ?? `${base}(${[options.command, ...(options.args ?? [])].join(' ')})` },
  };
  if (options.outputFields !== undefined) props['outputFields'] = { value: [...options.outputFields] };
  if (options.outputs !== undefined) props['outputs'] = { value: { ...options.outputs } };
  return props;
}
