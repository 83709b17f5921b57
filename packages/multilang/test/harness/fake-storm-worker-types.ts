/** The public shapes of the fake-Storm harness: its options and what it records. */
import type { TopologySpec } from '@twinstorm/core';
import type { ChildExit, ChildTransport, SpawnOptions } from './child.ts';
import type { Router } from './routing.ts';

/** Which Java class drives the child. */
export type ShellRole = 'bolt' | 'spout';

/** How to start the child and how strict to be. */
export interface FakeStormOptions {
  readonly spec: TopologySpec;
  readonly componentId: string;
  /** Which task of the component (index among its tasks, from 0); default 0. */
  readonly taskIndex?: number;
  /** The child's command line, e.g. `['node', 'packages/cli/bin/twinstorm.js', 'component', ...]`. */
  readonly command?: readonly string[];
  /** Or a ready transport (in-process runners); `command` is ignored then. */
  readonly transport?: () => ChildTransport | Promise<ChildTransport>;
  readonly spawn?: SpawnOptions;
  /** The pid the handshake reply must carry; default the transport's pid. */
  readonly expectPid?: number;
  /** Extra conf, as a cluster's storm.yaml (merged under the topology's conf). */
  readonly clusterConf?: Readonly<Record<string, unknown>>;
  /** Bolt heartbeat period; 0 disables heartbeats (replay). Default 1000 (Storm's). */
  readonly heartbeatIntervalMs?: number;
  /** The harness's own deadline for answering a heartbeat; default the subprocess timeout (Storm's only rule). */
  readonly heartbeatReplyWithinMs?: number;
  /** Storm's subprocess timeout; default from conf (`topology.subprocess.timeout.secs`, else 30 s). */
  readonly subprocessTimeoutMs?: number;
  /** Deadline for the handshake reply (Storm has none; a test needs one). Default 30 s. */
  readonly handshakeTimeoutMs?: number;
  /** `stock`: Storm's JsonSerializer, on which a direct emit dies (Integer cast to Long); default `twinstorm`. */
  readonly serializer?: 'stock' | 'twinstorm';
  /** Fail on tuples whose length differs from the declared fields; default true. */
  readonly strictFieldCount?: boolean;
  /** Metric names registered on the Java side (a `metrics` command for any other is fatal, as on Storm). */
  readonly registeredMetrics?: readonly string[];
  /** Answer regular emits with task ids (default true); replay turns it off and writes the recorded ones. */
  readonly autoTaskIds?: boolean;
  /** Chooses the task ids of a regular emit; default routes by the spec's subscribers and groupings. */
  readonly router?: Router;
  /** Keep every message with its timestamp (`events`, typed lists); default true. The benchmark turns it off. */
  readonly collect?: boolean;
  /** Keep the exact texts for a transcript; default false. */
  readonly record?: boolean;
  /** Called for each message from the child after validation (cheap hook for benchmarks). */
  readonly onMessage?: (msg: Readonly<Record<string, unknown>> | readonly unknown[]) => void;
  /** Write all queued frames at once instead of one flushed write per message (benchmarks only; Storm does not). */
  readonly coalesceWrites?: boolean;
  /** SIGTERM-to-SIGKILL grace period of stop(); default 2000 ms. */
  readonly stopGraceMs?: number;
}

/** One message, either way, with its time in ms since start. */
export interface HarnessEvent {
  readonly t: number;
  readonly dir: 'to-child' | 'from-child';
  readonly msg: unknown;
  /** Exact text (recording only). */
  readonly text?: string;
}

/** An emit as the harness saw it, with the task ids it answered (when it did). */
export interface EmitRecord {
  readonly t: number;
  readonly stream: string;
  readonly tuple: readonly unknown[];
  readonly anchors: readonly string[];
  /** Direct emit target, or 0. */
  readonly task: number;
  /** Spout message id (undefined when unreliable or from a bolt). */
  readonly id: unknown;
  readonly needTaskIds: boolean;
  readonly taskIds: readonly number[] | undefined;
}

/** A spout request's outcome: everything the child wrote before its sync. */
export interface SpoutReply {
  readonly emits: readonly EmitRecord[];
  readonly messages: ReadonlyArray<Readonly<Record<string, unknown>>>;
  readonly elapsedMs: number;
}

/** How stop() ends the child. */
export interface StopOptions {
  /** `eof` closes stdin and waits; `SIGTERM` signals at once. Both fall back to SIGKILL after the grace period. */
  readonly via?: 'eof' | 'SIGTERM';
  /** Do not throw a fatal error recorded during the session (negative tests inspect `fatal` themselves). */
  readonly allowFatal?: boolean;
}

/** What stop()/waitForExit() report. */
export interface ExitReport extends ChildExit {
  /** ms from the request (EOF, signal) to the exit. */
  readonly elapsedMs: number;
  /** Bytes on stdout after the last complete frame (should be empty). */
  readonly trailing: string;
  /** Whether SIGKILL was needed. */
  readonly killed: boolean;
}
