import type { Topology } from '@twinstorm/core';
import type { RunTopologyOptions } from './types.ts';
import type { WaitTarget } from './wait.ts';

/** What a runtime adapter gets: the wrapper module (and the topology it exports), the options, the deadline. */
export interface SessionStart {
  readonly wrapperPath: string;
  readonly topology: Topology;
  readonly options: RunTopologyOptions;
  /** A private temporary directory of this run (the jar goes there). */
  readonly dir: string;
  /** ms since the epoch. */
  readonly deadline: number;
  /** e.g. `topology "routing" on storm`, for messages. */
  readonly label: string;
}

/** A running instrumented topology on one runtime, as runTopology drives it. */
export interface RuntimeSession extends WaitTarget {
  /** The name it runs under. */
  readonly topologyName: string;
  /** Errors reported so far per component; waits (until `deadline`) for each of `expectFrom` to have one. */
  errors(expectFrom: readonly string[], deadline: number): Promise<Record<string, string[]>>;
  /** On Storm, the worker JVMs Nimbus last reported the topology on (null when it never answered); null locally. */
  stormWorkers(): number | null;
  /** Stops the run and waits until it is gone (Storm: killed and removed from Nimbus). */
  stop(): Promise<void>;
}

/** Errors grouped per component, in the order they were reported. */
export function groupErrors(events: Iterable<{ component: string; message: string }>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const e of events) (out[e.component] ??= []).push(e.message);
  return out;
}

/** Resolves with `promise`, or rejects with `onTimeout()` at the deadline. */
export async function beforeDeadline<T>(promise: Promise<T>, deadline: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), Math.max(0, deadline - Date.now()));
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
