import { TwinstormError } from './errors.ts';
import type { ConfValue } from './conf.ts';

// What each conf key the runtimes and the CLI read must hold, worded once: createTopology, withConf (the CLI's
// --conf), `twinstorm submit --conf` and the component declarers all check through checkConfRules, so a bad value is
// refused before anything runs, locally or on Storm, with the same line. Types and ranges follow Storm's Config
// validators (@IsInteger, @IsPositiveNumber, @IsBoolean, @IsString); twinstorm's own keys follow how they are used.
// Keys read by one component class only (batching, windows, connectors) are checked by that class's checkConf.

/** One key's rule: what it must be (as the error says it) and the test. null means "unset" for every key. */
interface ConfRule {
  readonly expected: string;
  readonly accepts: (value: ConfValue) => boolean;
}

const integerAtLeast = (min: number): ConfRule => ({
  expected: `an integer >= ${min}`,
  accepts: (v) => typeof v === 'number' && Number.isSafeInteger(v) && v >= min,
});
const positiveNumber: ConfRule = { expected: 'a number > 0', accepts: (v) => typeof v === 'number' && v > 0 };
const nonNegativeNumber: ConfRule = { expected: 'a number >= 0', accepts: (v) => typeof v === 'number' && v >= 0 };
const boolean: ConfRule = { expected: 'true or false', accepts: (v) => typeof v === 'boolean' };
const nonEmptyString: ConfRule = { expected: 'a non-empty string', accepts: (v) => typeof v === 'string' && v.length > 0 };
const jsonObjectOrText: ConfRule = {
  expected: 'a JSON object or its JSON text',
  accepts: (v) => typeof v === 'string' || (typeof v === 'object' && v !== null && !Array.isArray(v)),
};

/** Every conf key a runtime or the CLI reads, with its rule. */
export const CONF_RULES: ReadonlyMap<string, ConfRule> = new Map(
  Object.entries({
    'topology.name': nonEmptyString,
    'topology.debug': boolean,
    'topology.workers': integerAtLeast(1),
    'topology.acker.executors': integerAtLeast(0),
    'topology.max.spout.pending': integerAtLeast(1),
    'topology.message.timeout.secs': integerAtLeast(1),
    'topology.tick.tuple.freq.secs': integerAtLeast(1),
    'topology.shellbolt.max.pending': integerAtLeast(1),
    'topology.subprocess.timeout.secs': integerAtLeast(1),
    'supervisor.worker.timeout.secs': integerAtLeast(1),
    'topology.worker.max.heap.size.mb': positiveNumber,
    'topology.component.cpu.pcore.percent': positiveNumber,
    'topology.state.provider': nonEmptyString,
    'topology.state.provider.config': jsonObjectOrText,
    'topology.state.checkpoint.interval.ms': integerAtLeast(1),
    'twinstorm.bolt.max.concurrency': integerAtLeast(1),
    'twinstorm.local.strict': boolean,
    'twinstorm.local.adaptive.placement': boolean,
    'twinstorm.isolate': boolean,
    'twinstorm.shell.max.restarts': integerAtLeast(0),
    'twinstorm.shell.restart.window.secs': positiveNumber,
    'twinstorm.shell.backoff.initial.ms': nonNegativeNumber,
    'twinstorm.shell.backoff.max.ms': nonNegativeNumber,
    'twinstorm.shell.kill.grace.ms': nonNegativeNumber,
  }),
);

/**
 * Throws E_INVALID_CONF for the first key of `conf` that breaks its rule, in one line naming the key, the value given,
 * what it must be and where it was set (the topology conf, or the component's conf when `component` is given).
 */
export function checkConfRules(conf: Readonly<Record<string, ConfValue>>, component: string | undefined): void {
  for (const [key, value] of Object.entries(conf)) {
    const rule = CONF_RULES.get(key);
    if (rule === undefined || value === null || rule.accepts(value)) continue;
    const where = component === undefined ? 'topology conf' : 'conf';
    throw new TwinstormError('E_INVALID_CONF', `${where} "${key}" must be ${rule.expected}, got ${JSON.stringify(value)}`, {
      component,
    });
  }
}
