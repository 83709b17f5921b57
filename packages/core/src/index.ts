export { TwinstormError, describeSite, type ErrorSite, type TwinstormErrorCode } from './errors.ts';
export { CONF_DEFAULTS, confNumber, type Conf, type ConfValue, type KnownConf } from './conf.ts';
export { ConfReader } from './conf-reader.ts';
export {
  DEFAULT_STREAM,
  SYSTEM_COMPONENT,
  SYSTEM_TASK_ID,
  TICK_STREAM,
  StreamSchema,
  declaredStreams,
  type OutputDeclaringClass,
  type StreamDeclaration,
} from './streams.ts';
export { Tuple } from './tuple.ts';
export { alreadySettledError, anchorSettledError, boltMsgIdError, checkEmitShape, undeclaredStreamError } from './emit-rules.ts';
export type { TopologyContext } from './context.ts';
export { Component, attachComponent, componentPort, type EmitOptions, type LogLevel, type RuntimePort } from './component.ts';
export { Spout } from './spout.ts';
export { Bolt, BasicBolt } from './bolt.ts';
export {
  TOPOLOGY_SPEC_VERSION,
  type ComponentKind,
  type ComponentSpec,
  type GroupingSpec,
  type InputSpec,
  type TopologySource,
  type TopologySpec,
} from './spec.ts';
export { readShellCommand, type ShellCommand, type ShellDeclaringClass } from './shell.ts';
export { Topology, isTopology, topologyExport, type BoltClass, type ComponentClass, type SpoutClass } from './topology.ts';
export { TopologyBuilder, BoltDeclarer, ComponentDeclarer } from './builder.ts';
export { ACKER_COMPONENT, ackerTaskCount, assignTaskIds } from './tasks.ts';
export { fieldsGroupingIndex, fieldsGroupingIndexAt, javaHashCode, listHashCode } from './hash.ts';
export { parseStormJson, stringifyStormJson } from './storm-json.ts';
export { javaHashMapOrder } from './java-map-order.ts';
