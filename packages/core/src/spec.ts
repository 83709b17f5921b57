import type { Conf } from './conf.ts';
import type { ShellCommand } from './shell.ts';
import type { StreamDeclaration } from './streams.ts';

/** Bumped whenever the JSON shape changes, so a runner can refuse a spec it does not understand. */
export const TOPOLOGY_SPEC_VERSION = 1;

/** How a subscription distributes tuples among the subscriber's tasks (Storm's groupings). */
export type GroupingSpec =
  | { readonly type: 'shuffle' }
  | { readonly type: 'localOrShuffle' }
  | { readonly type: 'fields'; readonly fields: readonly string[] }
  | { readonly type: 'all' }
  | { readonly type: 'global' }
  | { readonly type: 'none' }
  | { readonly type: 'direct' };

/** One subscription of a bolt: a source component's stream and the grouping. */
export interface InputSpec {
  readonly component: string;
  readonly stream: string;
  readonly grouping: GroupingSpec;
}

/** The kinds of component a spec can hold (a BasicBolt is kept apart: runtimes anchor and ack for it). */
export type ComponentKind = 'spout' | 'bolt' | 'basic-bolt';

/** One component: what it is, how many tasks, what it emits, what it consumes, its own conf. */
export interface ComponentSpec {
  readonly id: string;
  readonly kind: ComponentKind;
  /** The class name in the topology module (informational: components are looked up by id). */
  readonly className: string;
  readonly parallelism: number;
  readonly streams: Readonly<Record<string, StreamDeclaration>>;
  readonly inputs: readonly InputSpec[];
  readonly conf: Conf;
  /**
   * Set for a shell component (a subprocess speaking Storm's multilang protocol, e.g. a storm.py bolt): the command
   * and its arguments, without a shell. The local engine spawns it per task; the Storm runner jar turns the component
   * into a ShellSpout / ShellBolt with this command (cwd: the jar's `resources/`). Absent for TypeScript components.
   * Optional, so specs without shell components are unchanged and specVersion stays 1.
   */
  readonly shell?: ShellCommand;
}

/** Where the topology's code lives: a module whose `export` is the built Topology. */
export interface TopologySource {
  readonly module: string;
  readonly export: string;
}

/** The whole topology as plain JSON: what the local engine runs and what the Storm runner jar reads. */
export interface TopologySpec {
  readonly specVersion: typeof TOPOLOGY_SPEC_VERSION;
  readonly name: string;
  readonly conf: Conf;
  /** Components in declaration order. */
  readonly components: readonly ComponentSpec[];
  /** Set when the topology was loaded from a module (e.g. by the CLI); null when built in memory. */
  readonly source: TopologySource | null;
}
