import { checkConf } from './conf-check.ts';
import { checkComponentConf } from './component-conf-check.ts';
import { TwinstormError } from './errors.ts';
import type { Bolt } from './bolt.ts';
import type { Spout } from './spout.ts';
import { readShellCommand } from './shell.ts';
import type { ComponentKind, ComponentSpec, TopologySource, TopologySpec } from './spec.ts';
import { declaredStreams, type OutputDeclaringClass, type StreamDeclaration } from './streams.ts';

/** A class the builder accepts as a spout. */
export type SpoutClass = (new () => Spout) & { readonly twinstormKind: string };
/** A class the builder accepts as a bolt (Bolt or BasicBolt). */
export type BoltClass = (new () => Bolt) & { readonly twinstormKind: string };
/** Either. */
export type ComponentClass = SpoutClass | BoltClass;

/**
 * A built topology: the JSON spec plus the classes that implement its components. Runtimes take the
 * spec for wiring and instantiate `componentClass(id)` once per task, in whatever thread or process runs it.
 */
export class Topology {
  readonly #classes: ReadonlyMap<string, ComponentClass>;

  constructor(
    readonly spec: TopologySpec,
    classes: ReadonlyMap<string, ComponentClass>,
  ) {
    this.#classes = classes;
  }

  /** The topology's name. */
  get name(): string {
    return this.spec.name;
  }

  /** The spec of one component; throws a clear error for an unknown id. */
  component(id: string): ComponentSpec {
    const found = this.spec.components.find((c) => c.id === id);
    if (found === undefined) {
      throw new TwinstormError('E_UNKNOWN_COMPONENT', `no such component in topology "${this.name}"`, { component: id });
    }
    return found;
  }

  /** The class implementing a component. */
  componentClass(id: string): ComponentClass {
    const cls = this.#classes.get(id);
    if (cls === undefined) {
      throw new TwinstormError('E_UNKNOWN_COMPONENT', `no class for this component in topology "${this.name}"`, { component: id });
    }
    return cls;
  }

  /** The same topology, with the module it was loaded from recorded in its spec (so other processes can load it). */
  withSource(source: TopologySource): Topology {
    return new Topology(deepFreeze({ ...this.spec, source: { module: source.module, export: source.export } }), this.#classes);
  }

  /** The same topology with extra conf merged over its own (e.g. from the command line), validated as createTopology does. */
  withConf(conf: TopologySpec['conf']): Topology {
    const extra = structuredClone(checkConf(conf, undefined));
    const spec = { ...this.spec, conf: { ...this.spec.conf, ...extra } };
    // Connector keys given on the command line are checked here, naming the component, not when a task opens.
    for (const c of spec.components) checkComponentConf(c.id, this.componentClass(c.id), { ...spec.conf, ...c.conf });
    checkDeclarations(spec, (id) => this.componentClass(id));
    return new Topology(deepFreeze(spec), this.#classes);
  }

  /**
   * The same topology with one component implemented by another class of the same role and the same output streams
   * (e.g. a TS component swapped for a shell component that runs it in a subprocess). The component's kind, class
   * name and shell command follow the new class; wiring, parallelism and conf are kept.
   */
  withComponentClass(id: string, cls: ComponentClass): Topology {
    const old = this.component(id);
    const site = { component: id };
    const kind = typeof cls === 'function' ? (cls as { twinstormKind?: unknown }).twinstormKind : undefined;
    const sameRole = old.kind === 'spout' ? kind === 'spout' : kind === 'bolt' || kind === 'basic-bolt';
    if (!sameRole) {
      throw new TwinstormError('E_INVALID_SPEC', `can only be replaced by a ${old.kind === 'spout' ? 'spout' : 'bolt'} class`, site);
    }
    const streams = declaredStreams(id, cls as OutputDeclaringClass);
    if (!sameStreams(streams, old.streams)) {
      throw new TwinstormError('E_INVALID_OUTPUTS', 'the replacement class must declare the same output streams and fields', site);
    }
    const shell = readShellCommand(id, cls);
    const { shell: _previous, ...rest } = old;
    const next: ComponentSpec = {
      ...rest,
      kind: kind as ComponentKind,
      className: cls.name || '(anonymous)',
      ...(shell === undefined ? {} : { shell }),
    };
    const classes = new Map(this.#classes);
    classes.set(id, cls);
    const components = this.spec.components.map((c) => (c.id === id ? next : c));
    return new Topology(deepFreeze({ ...this.spec, components }), classes);
  }

  /** The spec as JSON text. */
  toJSON(): TopologySpec {
    return this.spec;
  }
}

/**
 * Lets each class check its own declaration against the topology's conf (a windowed bolt checks its window against
 * the message timeout): when the topology is built, and again when conf is merged over it (`--conf`).
 */
export function checkDeclarations(spec: TopologySpec, classOf: (id: string) => ComponentClass): void {
  for (const component of spec.components) {
    const cls = classOf(component.id);
    const validate = (cls as { validateDeclaration?: unknown }).validateDeclaration;
    if (typeof validate === 'function') validate.call(cls, component, spec.conf);
  }
}

/** True for a value that looks like a built Topology (also across duplicated module instances). */
export function isTopology(value: unknown): value is Topology {
  return (
    value instanceof Topology ||
    (typeof value === 'object' &&
      value !== null &&
      typeof (value as Topology).componentClass === 'function' &&
      typeof (value as Topology).spec === 'object')
  );
}

/**
 * The Topology a module exports as `exportName`, with the same messages wherever a topology module is loaded (the
 * local engine's loader, the topology jar's launcher on Storm); `label` names the module. Throws E_NOT_A_TOPOLOGY.
 */
export function topologyExport(exports: Record<string, unknown>, exportName: string, label: string): Topology {
  if (!(exportName in exports) || exports[exportName] === undefined) {
    const what = exportName === 'default' ? 'no default export' : `no export named "${exportName}"`;
    throw new TwinstormError('E_NOT_A_TOPOLOGY', `${label} has ${what}`);
  }
  const topology = exports[exportName];
  if (!isTopology(topology)) {
    const which = exportName === 'default' ? 'default export' : `export "${exportName}"`;
    throw new TwinstormError('E_NOT_A_TOPOLOGY', `${which} of ${label} is not a Topology (did you call builder.createTopology()?)`);
  }
  return topology;
}

function sameStreams(a: Readonly<Record<string, StreamDeclaration>>, b: Readonly<Record<string, StreamDeclaration>>): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => {
    const x = a[k];
    const y = b[k];
    return x !== undefined && y !== undefined && x.direct === y.direct && x.fields.join('\u0000') === y.fields.join('\u0000');
  });
}

/** Freezes a spec (or any JSON value) all the way down; already-frozen parts are left as they are. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
