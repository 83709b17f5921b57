import { Spout, type Conf, type ShellCommand, type TopologyContext } from '@twinstorm/core';
import { SpoutHost } from './spout-host.ts';
import { launchOf, type LocalShellOptions } from './shell-options.ts';

/**
 * A spout implemented by a multilang subprocess, as Storm's ShellSpout: declare `static shell = { command, args }`
 * and the outputs (or use `shellSpout()`). On the local engine each task spawns the command in open and drives it
 * request by request; `nextTuple` resolves when the child answers `next` with `sync`.
 */
export class ShellSpout extends Spout {
  /** Storm's ShellComponent: the program and its arguments (no shell). */
  static shell?: ShellCommand;
  /** Local runs only: working directory and extra environment of the subprocess. */
  static shellOptions?: LocalShellOptions;

  #host: SpoutHost | null = null;

  override async open(_conf: Conf, context: TopologyContext): Promise<void> {
    const host = new SpoutHost(this, launchOf(this.constructor, context.componentId), this.constructor);
    await host.start();
    this.#host = host;
  }

  override activate(): Promise<void> {
    return this.#host?.request('activate') ?? Promise.resolve();
  }

  override deactivate(): Promise<void> {
    return this.#host?.request('deactivate') ?? Promise.resolve();
  }

  nextTuple(): Promise<void> {
    return this.#host?.request('next') ?? Promise.resolve();
  }

  override ack(msgId: unknown): void {
    this.#host?.complete(msgId, true);
  }

  override fail(msgId: unknown): void {
    this.#host?.complete(msgId, false);
  }

  override async close(): Promise<void> {
    await this.#host?.close();
  }
}
