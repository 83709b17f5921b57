// @twinstorm/core: the API topology authors write against. What only runtimes need is in '@twinstorm/core/runtime'.
export { TwinstormError, describeSite, type ErrorSite, type TwinstormErrorCode } from './errors.ts';
export { CONF_DEFAULTS, confNumber, type Conf, type ConfValue, type KnownConf } from './conf.ts';
export { ConfReader } from './conf-reader.ts';
export {
  DEFAULT_STREAM,
  SYSTEM_COMPONENT,
  SYSTEM_TASK_ID,
  TICK_STREAM,
  StreamSchema,
  type OutputDeclaringClass,
  type StreamDeclaration,
} from './streams.ts';
export { Tuple } from './tuple.ts';
export type { TopologyContext } from './topology-context.ts';
export { Component, type EmitOptions, type LogLevel } from './component.ts';
export {
  MetricRegistry,
  USER_METRIC_BOUNDS,
  type UserCounter,
  type UserHistogram,
  type UserMeter,
  type UserMetricKind,
  type UserMetricSample,
  type UserTimer,
} from './metrics.ts';
export { Spout } from './spout.ts';
export { Bolt, BasicBolt } from './bolt.ts';
export { BatchingBolt, approximateBytes, type Batch, type BatchStats } from './batching-bolt.ts';
export { BATCH_MAX_BYTES_KEY, BATCH_MAX_TUPLES_KEY, BATCH_TICK_SECS, readBatchSettings, type BatchSettings } from './batch-settings.ts';
export {
  TOPOLOGY_SPEC_VERSION,
  type ComponentKind,
  type ComponentSpec,
  type GroupingSpec,
  type InputSpec,
  type TopologySource,
  type TopologySpec,
} from './spec.ts';
export type { ShellCommand, ShellDeclaringClass } from './shell.ts';
export { Topology, type BoltClass, type ComponentClass, type SpoutClass } from './topology.ts';
export { TopologyBuilder, BoltDeclarer, ComponentDeclarer } from './builder.ts';
/** Storm's String.hashCode, for topologies that partition or seed by key the way Storm's fields grouping does. */
export { javaHashCode } from './hash.ts';
