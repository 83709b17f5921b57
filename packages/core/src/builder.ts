import { checkConf } from './conf-check.ts';
import { checkComponentConf } from './component-conf-check.ts';
import { TwinstormError } from './errors.ts';
import { declaredStreams, DEFAULT_STREAM, type OutputDeclaringClass, type StreamDeclaration } from './streams.ts';
import {
  TOPOLOGY_SPEC_VERSION,
  type ComponentKind,
  type ComponentSpec,
  type GroupingSpec,
  type InputSpec,
  type TopologySpec,
} from './spec.ts';
import { readShellCommand, type ShellCommand } from './shell.ts';
import { checkDeclarations, deepFreeze, Topology, type BoltClass, type ComponentClass, type SpoutClass } from './topology.ts';
import type { Conf, ConfValue } from './conf.ts';

interface Declared {
  id: string;
  kind: ComponentKind;
  cls: ComponentClass;
  parallelism: number;
  streams: Record<string, StreamDeclaration>;
  inputs: InputSpec[];
  conf: Record<string, ConfValue>;
  shell: ShellCommand | undefined;
}

/** Per-component configuration, as Storm's ComponentConfigurationDeclarer. */
export class ComponentDeclarer {
  constructor(protected readonly declared: Declared) {}

  /** Sets one conf key for this component only (e.g. `topology.tick.tuple.freq.secs`). */
  addConfiguration(key: string, value: ConfValue): this {
    Object.assign(this.declared.conf, checkConf({ [key]: value }, this.declared.id));
    return this;
  }

  /** Sets several conf keys for this component only. */
  addConfigurations(conf: Conf): this {
    Object.assign(this.declared.conf, checkConf(conf, this.declared.id));
    return this;
  }
}

/** Declares a bolt's subscriptions with Storm's grouping names; each takes an optional stream id. */
export class BoltDeclarer extends ComponentDeclarer {
  /** Tuples go to a random task, evenly. */
  shuffleGrouping(component: string, stream: string = DEFAULT_STREAM): this {
    return this.#subscribe(component, stream, { type: 'shuffle' });
  }

  /** Tuples with equal values of `fields` go to the same task (the same task index Storm picks). */
  fieldsGrouping(component: string, fields: readonly string[], stream: string = DEFAULT_STREAM): this {
    const names: unknown = fields; // checked as unknown: topology modules may be plain JS
    if (!Array.isArray(names) || names.length === 0 || names.some((f) => typeof f !== 'string')) {
      throw new TwinstormError('E_INVALID_GROUPING', `fieldsGrouping on "${component}" needs a non-empty array of field names`, {
        component: this.declared.id,
        stream,
      });
    }
    return this.#subscribe(component, stream, { type: 'fields', fields: [...fields] });
  }

  /** Every task gets every tuple. */
  allGrouping(component: string, stream: string = DEFAULT_STREAM): this {
    return this.#subscribe(component, stream, { type: 'all' });
  }

  /** All tuples go to the task with the lowest id. */
  globalGrouping(component: string, stream: string = DEFAULT_STREAM): this {
    return this.#subscribe(component, stream, { type: 'global' });
  }

  /** No preference; behaves as shuffle, as in Storm. */
  noneGrouping(component: string, stream: string = DEFAULT_STREAM): this {
    return this.#subscribe(component, stream, { type: 'none' });
  }

  /** The emitter picks the task with emitDirect; the stream must be declared direct. */
  directGrouping(component: string, stream: string = DEFAULT_STREAM): this {
    return this.#subscribe(component, stream, { type: 'direct' });
  }

  /** Prefer tasks in the same worker, else shuffle (on one machine: shuffle). */
  localOrShuffleGrouping(component: string, stream: string = DEFAULT_STREAM): this {
    return this.#subscribe(component, stream, { type: 'localOrShuffle' });
  }

  #subscribe(component: string, stream: string, grouping: GroupingSpec): this {
    if (typeof component !== 'string' || typeof stream !== 'string') {
      throw new TwinstormError('E_INVALID_GROUPING', 'a grouping needs a source component id and a stream id (strings)', {
        component: this.declared.id,
      });
    }
    if (this.declared.inputs.some((i) => i.component === component && i.stream === stream)) {
      throw new TwinstormError('E_INVALID_GROUPING', `subscribes to "${component}" twice`, { component: this.declared.id, stream });
    }
    this.declared.inputs.push({ component, stream, grouping });
    return this;
  }
}

/** Builds a topology the way Storm's TopologyBuilder does; `createTopology` validates and freezes it. */
export class TopologyBuilder {
  readonly #components = new Map<string, Declared>();

  /** Adds a spout with `parallelism` tasks. */
  setSpout(id: string, spout: SpoutClass, parallelism = 1): ComponentDeclarer {
    const declared = this.#declare(id, spout, parallelism, 'spout');
    return new ComponentDeclarer(declared);
  }

  /** Adds a bolt (Bolt or BasicBolt) with `parallelism` tasks; subscribe it with the returned declarer. */
  setBolt(id: string, bolt: BoltClass, parallelism = 1): BoltDeclarer {
    const declared = this.#declare(id, bolt, parallelism, 'bolt');
    return new BoltDeclarer(declared);
  }

  /** Validates the wiring and returns the topology; every problem is reported with the component named. */
  createTopology(name: string, conf: Conf = {}): Topology {
    if (typeof name !== 'string' || name.trim().length === 0 || /[/\\.:\s]/.test(name)) {
      throw new TwinstormError(
        'E_INVALID_SPEC',
        `topology name ${JSON.stringify(name)} must be non-empty, without spaces, ".", ":", "/" or "\\" (Storm's rule)`,
      );
    }
    const components = [...this.#components.values()];
    if (!components.some((c) => c.kind === 'spout')) {
      throw new TwinstormError('E_NO_SPOUTS', `topology "${name}" has no spout`);
    }
    for (const c of components) validateInputs(c, this.#components);
    const topologyConf = checkConf(conf, undefined);
    for (const c of components) fillComponentDefaults(c, topologyConf);
    for (const c of components) checkComponentConf(c.id, c.cls, { ...topologyConf, ...c.conf });
    const specs: ComponentSpec[] = components.map((c) => ({
      id: c.id,
      kind: c.kind,
      className: c.cls.name || '(anonymous)',
      parallelism: c.parallelism,
      streams: c.streams,
      inputs: c.inputs,
      conf: { ...c.conf },
      ...(c.shell === undefined ? {} : { shell: c.shell }),
    }));
    const spec: TopologySpec = {
      specVersion: TOPOLOGY_SPEC_VERSION,
      name,
      conf: topologyConf,
      components: specs,
      source: null,
    };
    checkDeclarations(spec, (id) => this.#components.get(id)!.cls);
    return new Topology(deepFreeze(structuredClone(spec)), new Map(components.map((c) => [c.id, c.cls])));
  }

  #declare(id: string, cls: ComponentClass, parallelism: number, role: 'spout' | 'bolt'): Declared {
    if (typeof id !== 'string' || id.length === 0 || id.startsWith('__')) {
      throw new TwinstormError(
        'E_INVALID_COMPONENT_ID',
        `component id ${JSON.stringify(id)} is empty or reserved (ids starting with "__" are Storm's)`,
      );
    }
    if (this.#components.has(id)) {
      throw new TwinstormError('E_DUPLICATE_COMPONENT', 'is declared twice; component ids must be unique', { component: id });
    }
    if (!Number.isInteger(parallelism) || parallelism < 1) {
      throw new TwinstormError('E_INVALID_PARALLELISM', `parallelism must be an integer >= 1, got ${String(parallelism)}`, {
        component: id,
      });
    }
    const kind = componentKind(id, cls, role);
    const shell = readShellCommand(id, cls);
    const declared: Declared = {
      id,
      kind,
      cls,
      parallelism,
      streams: declaredStreams(id, cls as OutputDeclaringClass),
      inputs: [],
      conf: {},
      shell,
    };
    this.#components.set(id, declared);
    return declared;
  }
}

/**
 * A component class may declare conf of its own, as Storm's getComponentConfiguration (a batching bolt asks for tick
 * tuples): `static componentConfDefaults`, used for the keys that neither the topology nor the component sets.
 */
interface ConfDefaultingClass {
  readonly componentConfDefaults?: Conf;
}

function fillComponentDefaults(c: Declared, topologyConf: Conf): void {
  const defaults = (c.cls as ConfDefaultingClass).componentConfDefaults;
  if (defaults === undefined) return;
  for (const [key, value] of Object.entries(checkConf(defaults, c.id))) {
    if (!(key in topologyConf) && !(key in c.conf)) c.conf[key] = value;
  }
}

function componentKind(id: string, cls: unknown, role: 'spout' | 'bolt'): ComponentKind {
  const kind = typeof cls === 'function' ? (cls as { twinstormKind?: unknown }).twinstormKind : undefined;
  const method = role === 'spout' ? 'nextTuple' : 'execute';
  // `?.`: arrow functions and bound functions have no prototype (a TypeError here would not name the component).
  const hasMethod = typeof cls === 'function' && typeof (cls.prototype as Record<string, unknown> | undefined)?.[method] === 'function';
  if (role === 'spout') {
    if (kind !== 'spout' || !hasMethod) {
      const what = kind === 'bolt' || kind === 'basic-bolt' ? 'is a bolt, used as a spout' : 'is not a Spout class with nextTuple()';
      throw new TwinstormError('E_NOT_A_SPOUT', what, { component: id });
    }
    return 'spout';
  }
  if ((kind !== 'bolt' && kind !== 'basic-bolt') || !hasMethod) {
    const what = kind === 'spout' ? 'is a spout, used as a bolt' : 'is not a Bolt or BasicBolt class with execute()';
    throw new TwinstormError('E_NOT_A_BOLT', what, { component: id });
  }
  return kind;
}

function validateInputs(c: Declared, all: ReadonlyMap<string, Declared>): void {
  for (const input of c.inputs) {
    const source = all.get(input.component);
    const site = { component: c.id, stream: input.stream };
    if (source === undefined) {
      throw new TwinstormError('E_UNKNOWN_SOURCE', `subscribes to unknown component "${input.component}"`, site);
    }
    const stream = source.streams[input.stream];
    if (stream === undefined) {
      const known = Object.keys(source.streams);
      throw new TwinstormError(
        'E_UNDECLARED_STREAM',
        `subscribes to stream "${input.stream}" of "${input.component}", which declares ${known.length === 0 ? 'no streams' : `only [${known.join(', ')}]`}`,
        site,
      );
    }
    const grouping = input.grouping;
    if (grouping.type === 'fields') {
      for (const f of grouping.fields) {
        if (!stream.fields.includes(f)) {
          throw new TwinstormError(
            'E_UNKNOWN_FIELD',
            `fields grouping on "${f}", but stream "${input.stream}" of "${input.component}" declares [${stream.fields.join(', ')}]`,
            { ...site, field: f },
          );
        }
      }
    }
    if (grouping.type === 'direct' && !stream.direct) {
      throw new TwinstormError(
        'E_INVALID_GROUPING',
        `direct grouping on "${input.component}", whose stream "${input.stream}" is not declared direct`,
        site,
      );
    }
    if (grouping.type !== 'direct' && stream.direct) {
      throw new TwinstormError(
        'E_INVALID_GROUPING',
        `${grouping.type} grouping on "${input.component}", whose stream "${input.stream}" is direct (use directGrouping)`,
        site,
      );
    }
  }
}
