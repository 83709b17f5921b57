import { Topology, type ComponentClass, type ComponentSpec, type Conf, type InputSpec } from '@twinstorm/core';
import { isTopology } from '@twinstorm/core/runtime';
import { CaptureBolt } from '../components/capture-bolt.ts';
import { fixtureSpoutClass } from '../components/fixture-spout.ts';
import { CAPTURE_COMPONENT, TESTKIT_CONF } from '../conf-keys.ts';
import { TestkitError } from '../errors.ts';
import type { PlannedTuple } from '../inputs.ts';

/** What the wrapper module asks for: fixture spouts, captured components, the sink, extra conf. */
export interface InstrumentPlan {
  readonly inputs: Readonly<Record<string, readonly PlannedTuple[]>>;
  readonly capture: readonly string[];
  readonly sink: string;
  readonly run: string;
  readonly conf: Conf;
}

/**
 * The user's topology with each spout named in `inputs` replaced by a fixture spout and a capture bolt subscribed
 * to every stream of the components named in `capture`; the sink's address and the run token go in its conf.
 * What both runtimes run, so the local engine and Storm see the very same topology.
 */
export function instrumentTopology(topology: unknown, plan: InstrumentPlan): Topology {
  if (!isTopology(topology)) throw new TestkitError('E_TOPOLOGY', 'the wrapped module export is not a Topology');
  let t: Topology = topology;
  for (const [spoutId, tuples] of Object.entries(plan.inputs)) {
    const spec = componentOf(t, spoutId, 'inputs');
    if (spec.kind !== 'spout') throw new TestkitError('E_INVALID_OPTIONS', `inputs names "${spoutId}", which is a bolt, not a spout`);
    t = t.withComponentClass(spoutId, fixtureSpoutClass(spoutId, spec.streams, tuples));
  }
  const subscriptions: InputSpec[] = [];
  for (const id of new Set(plan.capture)) {
    const spec = componentOf(t, id, 'capture');
    for (const [stream, declaration] of Object.entries(spec.streams)) {
      // A direct stream only reaches tasks its emitter picks; the capture bolt is never picked.
      if (!declaration.direct) subscriptions.push({ component: id, stream, grouping: { type: 'global' } });
    }
  }
  if (subscriptions.length > 0) t = withBolt(t, CAPTURE_COMPONENT, CaptureBolt, subscriptions);
  return t.withConf({ ...plan.conf, [TESTKIT_CONF.sink]: plan.sink, [TESTKIT_CONF.run]: plan.run });
}

function componentOf(t: Topology, id: string, option: string): ComponentSpec {
  const found = t.spec.components.find((c) => c.id === id);
  if (found === undefined) {
    const ids = t.spec.components.map((c) => c.id).join(', ');
    throw new TestkitError('E_INVALID_OPTIONS', `${option} names "${id}", which is not a component of "${t.name}" (it has ${ids})`);
  }
  return found;
}

/** The topology plus one bolt (one task) with the given subscriptions; everything else unchanged. */
function withBolt(t: Topology, id: string, cls: ComponentClass, inputs: InputSpec[]): Topology {
  if (t.spec.components.some((c) => c.id === id)) {
    throw new TestkitError('E_INVALID_OPTIONS', `the topology already has a component "${id}", the id the testkit's capture bolt uses`);
  }
  const bolt: ComponentSpec = { id, kind: 'bolt', className: cls.name, parallelism: 1, streams: {}, inputs, conf: {} };
  const classes = new Map<string, ComponentClass>(t.spec.components.map((c) => [c.id, t.componentClass(c.id)]));
  classes.set(id, cls);
  return new Topology(Object.freeze({ ...t.spec, components: Object.freeze([...t.spec.components, bolt]) }), classes);
}
