import { TwinstormError, type TopologyContext, type TopologySpec } from '@twinstorm/core';

/** Builds the context of one task from Storm-numbered task ids, shared by every runtime that runs tasks in-process. */
export function taskContext(
  spec: TopologySpec,
  taskIds: ReadonlyMap<string, readonly number[]>,
  componentId: string,
  taskIndex: number,
): TopologyContext {
  const own = taskIds.get(componentId) ?? [];
  const taskId = own[taskIndex];
  if (taskId === undefined) throw new TwinstormError('E_INVALID_SPEC', `has no task index ${taskIndex}`, { component: componentId });
  const component = spec.components.find((c) => c.id === componentId);
  const taskToComponent = new Map<number, string>();
  for (const [id, tasks] of taskIds) for (const t of tasks) taskToComponent.set(t, id);
  return {
    spec,
    topologyName: spec.name,
    taskId,
    componentId,
    taskIndex,
    componentTasks: (id) => taskIds.get(id) ?? [],
    componentFor: (task) => taskToComponent.get(task),
    outputFields: (stream = 'default') => component?.streams[stream]?.fields ?? [],
  };
}
