// @twinstorm/state: keyed state with checkpoints and windowed bolts, as a layer over the component API, so the same
// code runs on the local engine and inside a multilang child on Storm. The protocol is described in README.md.
export { StateError, type StateErrorCode } from './errors.ts';
export { ManualClock, clockOf, systemClock, useClock, type Clock } from './clock.ts';
export { jsonValueProblem, type JsonValue } from './json-value.ts';
export type { StateChanges, StateProvider, StateStore } from './provider.ts';
export type { KeyValueState } from './key-value-state.ts';
export type { CheckpointStats } from './checkpointer.ts';
export { StatefulBolt, stateNamespace } from './stateful-bolt.ts';
export {
  CHECKPOINT_INTERVAL_KEY,
  DEFAULT_CHECKPOINT_INTERVAL_MS,
  STATE_PROVIDER_CONFIG_KEY,
  STATE_PROVIDER_KEY,
  registerStateProvider,
  stateProviderOf,
} from './state-conf.ts';
export { clearMemoryState, memoryProvider } from './providers/memory.ts';
export { DEFAULT_STATE_DIR, fileProvider } from './providers/file.ts';
export { WindowedBolt } from './windows/windowed-bolt.ts';
export type { TupleWindow } from './windows/tuple-window.ts';
export {
  WINDOW_KEYS,
  checkWindowDeclaration,
  windowConf,
  windowSpecOf,
  type WindowOptions,
  type WindowSize,
  type WindowSpec,
} from './windows/window-conf.ts';
