// @twinstorm/multilang: Storm's multilang protocol (codec, component runner, shell components for the local engine).
// The wire: Storm's `JSON\nend\n` framing and its JSON dialect, and this package's error class.
export { MultilangError, type MultilangErrorCode } from './errors.ts';
export { parseStormJson, stringifyStormJson } from './codec/storm-json.ts';
export { DEFAULT_MAX_FRAME_BYTES, FrameDecoder, type FrameDecoderOptions } from './codec/frame-decoder.ts';
export { FrameWriter, type FrameOutput, type FrameWriterOptions } from './codec/frame-writer.ts';
// Storm's handshake: the context and conf Storm's ShellBolt/ShellSpout send, built as Storm builds them, and read back
// and validated on the child side.
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
// The component runner: one TypeScript component as a Storm multilang child (`twinstorm component`, the jar's launcher),
// with its stdout guard, exit codes and fatal-line format.
export { runComponent, type ProcessEvents, type RunComponentOptions } from './runner/run-component.ts';
export { activeStdoutGuard, installStdoutGuard, type CapturedOutputSink, type StdoutGuard } from './runner/stdout-guard.ts';
export { EXIT_CODES, exitCodeFor } from './runner/exit-codes.ts';
export { fatalLine, type FatalSite } from './runner/fatal-line.ts';
export { stormMetric } from './runner/metrics.ts';
// Shell components in the local engine: multilang subprocesses (storm.py, storm.js, isolated TS components) run as
// spouts and bolts of a local topology.
export { ShellBolt } from './host/shell-bolt.ts';
export { ShellSpout } from './host/shell-spout.ts';
export { shellBolt, shellSpout, type ShellComponentOptions } from './host/factories.ts';
export type { LocalShellOptions } from './host/shell-options.ts';
export { HOST_CONF } from './host/host-conf.ts';
export { ISOLATE_CONF, componentsMarkedForIsolation, defaultComponentRunner, isolate, type ComponentRunner } from './host/isolate.ts';
