import { confNumber, TwinstormError, type Conf } from '@twinstorm/core';
import { StateError } from './errors.ts';
import { fileProvider } from './providers/file.ts';
import { memoryProvider } from './providers/memory.ts';
import type { StateProvider } from './provider.ts';

/** Storm's key: which provider holds the state (Storm's class names or twinstorm's short names). */
export const STATE_PROVIDER_KEY = 'topology.state.provider';
/** Storm's key: the provider's config, a JSON object (Storm passes it as JSON text; both are accepted). */
export const STATE_PROVIDER_CONFIG_KEY = 'topology.state.provider.config';
/** Storm's key: how often a stateful bolt commits its state, in ms (Storm's default 1000). */
export const CHECKPOINT_INTERVAL_KEY = 'topology.state.checkpoint.interval.ms';
/** Storm's default checkpoint interval. */
export const DEFAULT_CHECKPOINT_INTERVAL_MS = 1000;

const PROVIDERS = new Map<string, StateProvider>();

/** Makes a provider selectable by name (the Redis and Postgres providers register themselves this way). */
export function registerStateProvider(provider: StateProvider, ...aliases: string[]): void {
  for (const name of [provider.name, ...aliases]) PROVIDERS.set(name, provider);
}

registerStateProvider(memoryProvider, 'org.apache.storm.state.InMemoryKeyValueStateProvider');
registerStateProvider(fileProvider);

/** The provider `topology.state.provider` names (memory when unset), with its parsed config. */
export function stateProviderOf(conf: Conf, component: string): { provider: StateProvider; config: Record<string, unknown> } {
  const name = conf[STATE_PROVIDER_KEY] ?? 'memory';
  const provider = typeof name === 'string' ? PROVIDERS.get(name) : undefined;
  if (provider === undefined) {
    throw new StateError(
      'E_STATE_CONF',
      `conf "${STATE_PROVIDER_KEY}" is ${JSON.stringify(name)}; known providers: ${[...PROVIDERS.keys()].join(', ')}`,
      { component },
    );
  }
  return { provider, config: providerConfig(conf[STATE_PROVIDER_CONFIG_KEY], component) };
}

function providerConfig(raw: unknown, component: string): Record<string, unknown> {
  if (raw === undefined || raw === null || raw === '') return {};
  let value: unknown = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw) as unknown;
    } catch {
      throw new StateError('E_STATE_CONF', `conf "${STATE_PROVIDER_CONFIG_KEY}" is not JSON text`, { component });
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new StateError('E_STATE_CONF', `conf "${STATE_PROVIDER_CONFIG_KEY}" must be a JSON object`, { component });
  }
  return value as Record<string, unknown>;
}

/** The checkpoint interval in ms, checked. */
export function checkpointIntervalMs(conf: Conf, component: string): number {
  let ms: number | undefined;
  try {
    ms = confNumber(conf, CHECKPOINT_INTERVAL_KEY);
  } catch (error) {
    throw new StateError('E_STATE_CONF', (error as TwinstormError).message, { component });
  }
  if (ms === undefined) return DEFAULT_CHECKPOINT_INTERVAL_MS;
  if (!Number.isInteger(ms) || ms < 1) {
    throw new StateError('E_STATE_CONF', `conf "${CHECKPOINT_INTERVAL_KEY}" must be an integer >= 1, got ${ms}`, { component });
  }
  return ms;
}
