import { type ComponentSpec, type Conf, type OutputDeclaringClass, type TopologyContext, type TopologySpec } from '@twinstorm/core';
import { ACKER_COMPONENT, ackerTaskCount, declaredStreams } from '@twinstorm/core/runtime';
import { javaHashMapObject } from '../protocol/java-map-order.ts';
import { buildStormConf, buildStormContext } from '../protocol/storm-context.ts';

/** Where a shell class may carry the spec of the topology it was made for (set by `isolate`). */
export const HOST_SPEC = Symbol.for('twinstorm.host.spec');

/**
 * The topology a shell task describes to its subprocess: the runtime's spec when the context carries one, else the
 * one baked into the class (isolate), else a reconstruction from the task context — task ids and this component's
 * streams are exact, other components' streams and subscriptions unknown (official adapters do not read them).
 */
export function hostTopologySpec(context: TopologyContext, conf: Conf, cls: unknown): TopologySpec {
  const given = context.spec ?? (cls as { [HOST_SPEC]?: TopologySpec } | undefined)?.[HOST_SPEC];
  if (given !== undefined) return given;
  const tasks = new Map<string, number>();
  for (let task = 1; ; task++) {
    const component = context.componentFor(task);
    if (component === undefined) break;
    tasks.set(component, (tasks.get(component) ?? 0) + 1);
  }
  const components: ComponentSpec[] = [];
  for (const [id, parallelism] of tasks) {
    if (id === ACKER_COMPONENT) continue;
    const self = id === context.componentId;
    components.push({
      id,
      kind: self && typeof cls === 'function' && (cls as { twinstormKind?: unknown }).twinstormKind === 'spout' ? 'spout' : 'bolt',
      className: '',
      parallelism,
      streams: self ? declaredStreams(id, cls as OutputDeclaringClass) : {},
      inputs: [],
      conf: {},
    });
  }
  return {
    specVersion: 1,
    name: context.topologyName,
    // Pin the acker count the runtime numbered tasks with, so the rebuilt numbering matches the real one.
    conf: { ...conf, 'topology.acker.executors': tasks.get(ACKER_COMPONENT) ?? 0 },
    components,
    source: null,
  };
}

/**
 * Storm's handshake `{pidDir, conf, context}` for one task: the context from the topology's wiring (task numbering
 * as the runtime did it), the conf from the task's merged conf (which includes conf given at run time).
 */
export function hostHandshake(spec: TopologySpec, taskId: number, conf: Conf, pidDir: string): object {
  let withConf: TopologySpec = { ...spec, conf };
  // Task ids depend on the acker count: if run-time conf changed it, keep the numbering the runtime used.
  const ackers = ackerTaskCount(spec);
  if (ackerTaskCount(withConf) !== ackers) withConf = { ...spec, conf: { ...conf, 'topology.acker.executors': ackers } };
  const entries: Array<[string, unknown]> = [
    ['pidDir', pidDir],
    ['conf', buildStormConf(withConf, taskId)],
    ['context', buildStormContext(spec, taskId)],
  ];
  return javaHashMapObject(entries);
}
