import type { Conf, TopologySpec } from '@twinstorm/core';
import type { FixtureInputs } from '../inputs.ts';

/** The two runtimes a topology can be run on. */
export type Runtime = 'local' | 'storm';

/** Where Nimbus listens: `host:port` or its parts (default: $TWINSTORM_NIMBUS, else 127.0.0.1:6627). */
export type NimbusAddress = string | { readonly host: string; readonly port: number };

/** Options of runTopology. */
export interface RunTopologyOptions {
  runtime: Runtime;
  /** Per spout id, the tuples a fixture spout emits instead of the real spout. */
  inputs?: FixtureInputs;
  /** Components whose emits (every non-direct stream) are captured. */
  capture?: readonly string[];
  /** The export holding the Topology when `topology` is a module path (default "default"). */
  exportName?: string;
  /** The whole run's deadline, start included (default 60 s locally, 240 s on Storm). */
  timeoutMs?: number;
  /** Local only: strict mode (values round-trip through Storm's JSON, emits checked as Storm would). Default true. */
  strict?: boolean;
  /** Conf merged over the topology's own on both runtimes. */
  conf?: Conf;
  /**
   * Also wait until this holds (checked at every report). Needed when nothing is fed through `inputs` (a test's own
   * spout reports with a Probe); with inputs, the run waits for both.
   */
  until?: (progress: RunProgress) => boolean;
  /**
   * Fixture tuples the runtime refuses to emit (strict mode, values Storm cannot carry) end up in `result.rejected`
   * instead of failing the run with E_REJECTED. Default false.
   */
  allowRejected?: boolean;
  /** After the run is done, wait until no report has arrived for this long (for unanchored emits); default 0. */
  settleMs?: number;
  /**
   * Components expected to report an error: on Storm, errors reach Nimbus asynchronously, so the run waits (within
   * its deadline) until each has one before reading them.
   */
  expectErrorsFrom?: readonly string[];
  /** Storm: the Nimbus to submit to. */
  nimbus?: NimbusAddress;
  /** Storm: a directory whose files go into the jar's resources/ (scripts of shell components, storm.py...). */
  resources?: string;
  /** Local: worker threads (default 1). */
  workers?: number;
}

/** A tuple a captured component emitted, as the capture bolt received it. */
export interface CapturedTuple {
  component: string;
  stream: string;
  /** The stream's declared fields, in the order of `values`. */
  fields: readonly string[];
  values: readonly unknown[];
  /** The emitting task's id, and its index among the component's tasks (from 0). */
  sourceTask: number;
  taskIndex: number;
}

/** A report a test's own component made with a Probe. */
export interface Observation {
  component: string;
  task: number;
  taskIndex: number;
  kind: string;
  data: unknown;
  /** ms since the epoch, taken by the component. */
  at: number;
}

/** A fixture tuple's fate. */
export interface SettledTuple {
  spout: string;
  /** Its index in `inputs[spout]`. */
  index: number;
  outcome: 'ack' | 'fail';
  /** The fixture spout task that emitted it. */
  task: number;
  /** When it was emitted and when the spout learnt its outcome (ms since the epoch). */
  emittedAt: number | null;
  at: number;
}

/** A fixture tuple the runtime refused to emit, and why (the runtime's error message). */
export interface RejectedTuple {
  spout: string;
  index: number;
  message: string;
}

/** What has arrived so far; `until` gets it, and the result extends it. */
export interface RunProgress {
  captured: readonly CapturedTuple[];
  observations: readonly Observation[];
  settled: readonly SettledTuple[];
  /** Fixture tuples the runtime refused to emit. */
  rejected: readonly RejectedTuple[];
  /** Fixture tuples emitted so far (replays of none: fixture spouts never replay). */
  emitted: number;
  /** Fixture tuples in `inputs`, all spouts together. */
  expected: number;
  /** Per fixture spout task: the most tuples it had emitted and not yet seen settled at once. */
  maxOutstanding: Readonly<Record<string, number>>;
}

/** The result of runTopology. */
export interface RunResult extends RunProgress {
  runtime: Runtime;
  /** The name the topology ran under (on Storm, unique per run). */
  topologyName: string;
  acked: number;
  failed: number;
  /** Errors the runtime reported, per component (reportError, throws, on Storm what Nimbus shows). */
  errors: Record<string, string[]>;
  /**
   * On Storm, how many worker JVMs Nimbus reported the topology running on at the end of the run (fewer than
   * topology.workers when the cluster had fewer free slots; null if Nimbus never answered); null on the local engine.
   */
  stormWorkers: number | null;
  /** The instrumented topology's spec (fixture spouts, the capture bolt, the testkit conf). */
  spec: TopologySpec;
  durationMs: number;
}
