/**
 * The task ids Storm's worker would send an emit to, for the task-id replies the fake Storm writes: subscribers of
 * the stream in the order Storm's executor iterates them (a HashMap of component ids), each grouping choosing as
 * Storm's groupers do (fields: the same hash and index; global: the lowest task; all: every task; shuffle, none
 * and local-or-shuffle: round robin, where Storm shuffles randomly).
 */
import { type GroupingSpec, type TopologySpec } from '@twinstorm/core';
import { assignTaskIds, fieldsGroupingIndex } from '@twinstorm/core/runtime';
import { javaHashMapOrder } from '../../src/protocol/java-map-order.ts';

/** Chooses target task ids for a regular (non-direct) emit. */
export type Router = (stream: string, values: readonly unknown[]) => number[];

interface Target {
  readonly tasks: readonly number[];
  readonly grouping: GroupingSpec;
  next: number;
}

/** A router for the emits of `componentId` in `spec`. */
export function topologyRouter(spec: TopologySpec, componentId: string): Router {
  const tasks = assignTaskIds(spec);
  const byStream = new Map<string, Target[]>();
  const subscribers = new Map<string, Map<string, Target>>();
  for (const c of spec.components) {
    for (const input of c.inputs) {
      if (input.component !== componentId || input.grouping.type === 'direct') continue;
      const m = subscribers.get(input.stream) ?? new Map<string, Target>();
      m.set(c.id, { tasks: tasks.get(c.id) ?? [], grouping: input.grouping, next: 0 });
      subscribers.set(input.stream, m);
    }
  }
  for (const [stream, m] of subscribers)
    byStream.set(
      stream,
      javaHashMapOrder([...m.keys()]).map((id) => m.get(id)!),
    );
  const fieldsOf = (stream: string): readonly string[] => spec.components.find((c) => c.id === componentId)?.streams[stream]?.fields ?? [];

  return (stream, values) => {
    const out: number[] = [];
    for (const t of byStream.get(stream) ?? []) {
      if (t.tasks.length === 0) continue;
      const g = t.grouping;
      if (g.type === 'all') out.push(...t.tasks);
      else if (g.type === 'global') out.push(Math.min(...t.tasks));
      else if (g.type === 'fields') {
        const fields = fieldsOf(stream);
        const key = g.fields.map((f) => values[fields.indexOf(f)]);
        out.push(t.tasks[fieldsGroupingIndex(key, t.tasks.length)]!);
      } else {
        out.push(t.tasks[t.next % t.tasks.length]!);
        t.next++;
      }
    }
    return out;
  };
}
