import { TwinstormError, type Component } from '@twinstorm/core';
import { componentPort } from '@twinstorm/core/runtime';
import { ChildPort } from './port.ts';

/**
 * Sends Storm's multilang `metrics` command for a component running under the runner: updates the IShellMetric
 * registered as `name` on the Java side with `params`. Returns false (and sends nothing) on runtimes without
 * multilang metrics, e.g. the local engine, so components can call it unconditionally.
 */
export function stormMetric(component: Component, name: string, params: unknown): boolean {
  const port = componentPort(component);
  if (!(port instanceof ChildPort)) return false;
  if (typeof name !== 'string' || name.length === 0) {
    throw new TwinstormError('E_INVALID_VALUE', 'a metric needs a non-empty name', { component: port.spec.id, task: port.context.taskId });
  }
  port.metrics(name, params);
  return true;
}
