import { Bolt, type Conf, type ShellCommand, type TopologyContext, type Tuple } from '@twinstorm/core';
import { BoltHost } from './bolt-host.ts';
import { launchOf, type LocalShellOptions } from './shell-options.ts';

/**
 * A bolt implemented by a multilang subprocess, as Storm's ShellBolt: declare `static shell = { command, args }`
 * and the outputs (or use `shellBolt()`). On the local engine each task spawns the command in prepare and speaks
 * Storm's protocol with it; on Storm the component becomes a ShellBolt running the same command.
 */
export class ShellBolt extends Bolt {
  /** Storm's ShellComponent: the program and its arguments (no shell). */
  static shell?: ShellCommand;
  /** Local runs only: working directory and extra environment of the subprocess. */
  static shellOptions?: LocalShellOptions;

  #host: BoltHost | null = null;

  override async prepare(_conf: Conf, context: TopologyContext): Promise<void> {
    const host = new BoltHost(this, launchOf(this.constructor, context.componentId), this.constructor);
    await host.start();
    this.#host = host;
  }

  execute(tuple: Tuple): void | Promise<void> {
    if (this.#host === null) {
      this.fail(tuple);
      return;
    }
    return this.#host.execute(tuple);
  }

  override async cleanup(): Promise<void> {
    await this.#host?.close();
  }
}
