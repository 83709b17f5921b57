import type { TopologyContext } from '@twinstorm/core';
import type { StormContextJson } from '../protocol/storm-context.ts';
import { componentTasksFromContext } from '../protocol/parse-handshake.ts';

/**
 * The TopologyContext user code sees under Storm, built from the handshake's context (what Storm knows, not what
 * the local spec guesses): task id, component id, task index, every component's tasks, and this component's
 * declared output fields per stream.
 */
export function contextFromStorm(topologyName: string, ctx: StormContextJson): TopologyContext {
  const tasks = componentTasksFromContext(ctx);
  const own = tasks.get(ctx.componentid) ?? [];
  const taskToComponent = ctx['task->component'];
  const outputs = ctx['stream->outputfields'];
  const frozen = new Map<string, readonly number[]>();
  for (const [component, ids] of tasks) frozen.set(component, Object.freeze(ids));
  return {
    topologyName,
    taskId: ctx.taskid,
    componentId: ctx.componentid,
    taskIndex: own.indexOf(ctx.taskid),
    componentTasks: (id) => frozen.get(id) ?? [],
    componentFor: (task) => taskToComponent[String(task)],
    outputFields: (stream = 'default') => outputs[stream] ?? [],
  };
}
