// @twinstorm/multilang: Storm's multilang protocol (codec, component runner, shell components for the local engine).
// protocol (H3): Storm's handshake as Storm builds it, and its validation on the child side.
export {
  STORM_DEFAULT_CONF,
  buildStormConf,
  buildStormContext,
  buildStormHandshake,
  componentOfTask,
  groupingFromStormJson,
  groupingToStormJson,
  type StormContextJson,
  type StormGroupingJson,
  type StormGroupingType,
  type StormHandshake,
  type StormHandshakeOptions,
} from './protocol/storm-context.ts';
export {
  componentTasksFromContext,
  parseStormHandshake,
  taskIndexFromContext,
  type HandshakeParseResult,
} from './protocol/parse-handshake.ts';
export { javaHashMapOrder } from './protocol/java-map-order.ts';
// codec (H1): framing and Storm's JSON dialect.
export { MultilangError, type MultilangErrorCode } from './errors.ts';
export { parseStormJson, stringifyStormJson } from './codec/storm-json.ts';
export { DEFAULT_MAX_FRAME_BYTES, FrameDecoder, type FrameDecoderOptions } from './codec/frame-decoder.ts';
export { FrameWriter, type FrameOutput, type FrameWriterOptions } from './codec/frame-writer.ts';
// host (H2): multilang subprocesses (storm.py, storm.js, isolated TS components) as components of the local engine.
export { ShellBolt } from './host/shell-bolt.ts';
export { ShellSpout } from './host/shell-spout.ts';
export { shellBolt, shellSpout, type ShellComponentOptions } from './host/factories.ts';
export type { LocalShellOptions } from './host/shell-options.ts';
export { HOST_CONF } from './host/host-conf.ts';
// component runner (H1): one component as a Storm multilang child (`twinstorm component`, the jar's launcher).
export { runComponent, type ProcessEvents, type RunComponentOptions } from './runner/run-component.ts';
export { activeStdoutGuard, installStdoutGuard, type CapturedOutputSink, type StdoutGuard } from './runner/stdout-guard.ts';
export { EXIT_CODES, exitCodeFor } from './runner/exit-codes.ts';
export { fatalLine, type FatalSite } from './runner/fatal-line.ts';
export { stormMetric } from './runner/metrics.ts';
export { ISOLATE_CONF, componentsMarkedForIsolation, defaultComponentRunner, isolate, type ComponentRunner } from './host/isolate.ts';
