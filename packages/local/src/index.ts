export { LatencyHistogram } from './histogram.ts';
export { runLocal } from './run.ts';
export type { BoltStats, RunStats, SpoutStats, TaskUserMetrics } from './snapshot.ts';
export type {
  ComponentErrorEvent,
  ComponentLogEvent,
  ComponentMetrics,
  LatencyFigures,
  LocalRun,
  LocalRunOptions,
  RecentError,
  RunState,
  RunSnapshot,
  ProcessExitEvent,
  WorkerExitEvent,
  WorkerMetrics,
  TaskPlacement,
  TaskMove,
  WorkerState,
} from './types.ts';
export { ensureTypeScriptLoader, loadTopology } from './load-topology.ts';
export { STRICT_CONF_KEY } from './strict/strict-option.ts';
