import { CONF_DEFAULTS, type ComponentSpec, type Conf } from '@twinstorm/core';
import type { BoltExecutor } from './bolt-executor.ts';
import type { Executor } from './executor.ts';
import { OutputStream } from './routing.ts';

/** The output streams of one task of `c`: each declared stream with the tasks of every component subscribed to it. */
export function outputsOf(
  c: ComponentSpec,
  all: readonly ComponentSpec[],
  byComponent: ReadonlyMap<string, Executor[]>,
): Map<string, OutputStream<BoltExecutor>> {
  const outputs = new Map<string, OutputStream<BoltExecutor>>();
  for (const [stream, declaration] of Object.entries(c.streams)) {
    const subscriptions = [];
    for (const consumer of all) {
      for (const input of consumer.inputs) {
        if (input.component !== c.id || input.stream !== stream) continue;
        subscriptions.push({ grouping: input.grouping, sinks: (byComponent.get(consumer.id) ?? []) as BoltExecutor[] });
      }
    }
    outputs.set(stream, new OutputStream(c.id, stream, declaration, subscriptions));
  }
  return outputs;
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
