import type { Component } from '@twinstorm/core';
import { acquireConnection, releaseConnection, sinkTarget } from './sink/shared-connections.ts';
import type { SinkConnection } from './sink/sink-connection.ts';

/**
 * A component's line to the test that runs it: report what the component saw (a replay, a tick, an outstanding
 * count...) and the test reads it from `result.observations`, on the local engine and on Storm alike.
 */
export class Probe {
  #released = false;

  constructor(
    private readonly connection: SinkConnection,
    private readonly component: Component,
  ) {}

  /** Reports an observation (fire and forget; reports of one task arrive in the order they were made). */
  observe(kind: string, data: unknown = null): void {
    this.connection.send({ t: 'observe', ...this.#site(), kind, data, at: Date.now() });
  }

  /** Reports an observation and resolves once the test process has recorded it (e.g. before acking a tuple). */
  observeConfirmed(kind: string, data: unknown = null): Promise<void> {
    return this.connection.sendConfirmed({ t: 'observe', ...this.#site(), kind, data, at: Date.now() });
  }

  /** Gives the connection back (call from close()/cleanup()); reports already made still arrive. */
  release(): void {
    if (this.#released) return;
    this.#released = true;
    releaseConnection(this.connection);
  }

  #site(): { component: string; task: number; taskIndex: number } {
    const context = this.component.context;
    return { component: context.componentId, task: context.taskId, taskIndex: context.taskIndex };
  }
}

/**
 * Connects a component to the testkit's sink from its open()/prepare(); resolves null when the topology runs
 * without the testkit (no sink in its conf), so the same component works in production unchanged.
 */
export async function connectProbe(component: Component): Promise<Probe | null> {
  const target = sinkTarget(component.conf);
  if (target === null) return null;
  return new Probe(await acquireConnection(target), component);
}
