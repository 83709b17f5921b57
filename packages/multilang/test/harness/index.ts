// The fake-Storm harness: drives a multilang child as Storm's ShellBolt / ShellSpout do (reusable by the testkit).
export { spawnChild, type ChildExit, type ChildTransport, type SpawnOptions } from './child.ts';
export { FakeStorm } from './fake-storm-worker.ts';
export type {
  EmitRecord,
  ExitReport,
  FakeStormOptions,
  HarnessEvent,
  ShellRole,
  SpoutReply,
  StopOptions,
} from './fake-storm-worker-types.ts';
export { HarnessTimeoutError, StormFatalError, type FatalReason } from './fatal.ts';
export { topologyRouter, type Router } from './routing.ts';
export { FrameReadError, StormFrameReader, excerpt, type ReadFrame } from './storm-reader.ts';
export { JavaDouble, toStormJson } from './storm-writer.ts';
export { parseTranscript, replayTranscript, type ReplayOptions, type ReplayResult, type Transcript } from './transcript.ts';
