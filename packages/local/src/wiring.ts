import { CONF_DEFAULTS, type ComponentSpec, type Conf, type TopologySpec } from '@twinstorm/core';
import { NumberedSchema, OutputStream, type TaskSink } from './routing.ts';

/** The output streams of one task of `c`: each declared stream with the tasks of every component subscribed to it. */
export function outputsOf(
  c: ComponentSpec,
  all: readonly ComponentSpec[],
  byComponent: ReadonlyMap<string, readonly TaskSink[]>,
  streamIds: ReadonlyMap<string, number>,
): Map<string, OutputStream<TaskSink>> {
  const outputs = new Map<string, OutputStream<TaskSink>>();
  for (const [stream, declaration] of Object.entries(c.streams)) {
    const subscriptions = [];
    for (const consumer of all) {
      for (const input of consumer.inputs) {
        if (input.component !== c.id || input.stream !== stream) continue;
        subscriptions.push({ grouping: input.grouping, sinks: byComponent.get(consumer.id) ?? [] });
      }
    }
    outputs.set(stream, new OutputStream(c.id, stream, declaration, subscriptions, streamIds.get(streamKey(c.id, stream)) ?? -1));
  }
  return outputs;
}

/** Every declared stream numbered in spec order: every thread numbers them alike, so a number names a stream between threads. */
export function streamNumbering(spec: TopologySpec): Map<string, number> {
  const ids = new Map<string, number>();
  for (const c of spec.components) for (const stream of Object.keys(c.streams)) ids.set(streamKey(c.id, stream), ids.size);
  return ids;
}

/** The key of a stream in streamNumbering's map. */
export function streamKey(component: string, stream: string): string {
  return `${component}\u0000${stream}`;
}

/** Per spout task, as Storm counts it; undefined = unbounded. */
export function maxPending(conf: Conf): number | undefined {
  const v = conf['topology.max.spout.pending'];
  return typeof v === 'number' && v >= 1 ? v : undefined;
}

/** How many async executes one bolt task may have in flight. */
export function concurrency(conf: Conf): number {
  const v = conf['twinstorm.bolt.max.concurrency'];
  return typeof v === 'number' && v >= 1 ? v : CONF_DEFAULTS['twinstorm.bolt.max.concurrency'];
}

/** Every stream's schema by its number (streamNumbering), for decoding tuples that come from other threads. */
export function numberedSchemas(spec: TopologySpec): NumberedSchema[] {
  const schemas: NumberedSchema[] = [];
  for (const c of spec.components)
    for (const [stream, declaration] of Object.entries(c.streams))
      schemas.push(new NumberedSchema(c.id, stream, declaration.fields, schemas.length));
  return schemas;
}
