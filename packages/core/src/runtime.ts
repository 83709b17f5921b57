// @twinstorm/core/runtime: what runtimes (the local engine, the multilang runner, the topology jar's launcher) need
// from core and topology authors do not: attaching components to a runtime, the emit rules, task numbering, Storm's
// hash and JSON dialect, and reading a topology module's export.
export { errorMessage, errorMessageAt } from './errors.ts';
export { ACKED, FAILED, LIVE, type TupleState } from './tuple-state.ts';
export { attachComponent, componentMetrics, componentPort, type RuntimePort } from './component.ts';
export { alreadySettledError, anchorSettledError, boltMsgIdError, checkEmitShape, undeclaredStreamError } from './emit-rules.ts';
export { checkConf } from './conf-check.ts';
export { CONF_RULES } from './conf-rules.ts';
export { declaredStreams } from './streams.ts';
export { readShellCommand } from './shell.ts';
export { isTopology, topologyExport } from './topology.ts';
export { ACKER_COMPONENT, ackerTaskCount, assignTaskIds } from './tasks.ts';
export { fieldsGroupingIndex, fieldsGroupingIndexAt, listHashCode } from './hash.ts';
export { parseStormJson, stringifyStormJson } from './storm-json.ts';
export { javaHashMapOrder } from './java-map-order.ts';
