import { TwinstormError } from './errors.ts';

/** A configuration value: Storm carries conf as JSON, so only JSON values are allowed. */
export type ConfValue = string | number | boolean | null | readonly ConfValue[] | { readonly [key: string]: ConfValue };

/** Storm's own key names that twinstorm understands, typed for autocompletion; any other key passes through. */
export interface KnownConf {
  'topology.name'?: string;
  'topology.debug'?: boolean;
  'topology.workers'?: number;
  'topology.acker.executors'?: number | null;
  'topology.max.spout.pending'?: number | null;
  'topology.message.timeout.secs'?: number;
  'topology.tick.tuple.freq.secs'?: number | null;
  'topology.shellbolt.max.pending'?: number;
  'topology.subprocess.timeout.secs'?: number | null;
  /** twinstorm: how many async `execute` calls one bolt task may have in flight (default 100). */
  'twinstorm.bolt.max.concurrency'?: number;
  /** twinstorm: the local engine's strict mode (every emit checked and round-tripped as on Storm; default false). */
  'twinstorm.local.strict'?: boolean;
  /** twinstorm: let the local engine move CPU-heavy stateless bolt tasks between worker threads while it runs (default false until light topologies are never slower with it). */
  'twinstorm.local.adaptive.placement'?: boolean;
}

/** Topology or component configuration: Storm's keys plus any other JSON-valued key. */
export type Conf = KnownConf & { readonly [key: string]: ConfValue | undefined };

/** Defaults as in Storm's defaults.yaml, so both runtimes start from the same numbers. */
export const CONF_DEFAULTS = {
  'topology.message.timeout.secs': 30,
  'topology.shellbolt.max.pending': 100,
  'twinstorm.bolt.max.concurrency': 100,
} as const;

/** Reads a numeric key, validating it, so a typo like `"10"` fails loudly instead of being ignored. */
export function confNumber(conf: Conf, key: string): number | undefined {
  const value = conf[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new TwinstormError('E_INVALID_CONF', `conf "${key}" must be a finite number, got ${JSON.stringify(value)}`);
  }
  return value;
}
