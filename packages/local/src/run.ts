import type { Topology } from '@twinstorm/core';
import type { LocalRun, LocalRunOptions } from './types.ts';

/** Starts a topology on the local engine in this thread. */
export function runLocal(_topology: Topology, _options: LocalRunOptions = {}): LocalRun {
  throw new Error('runLocal: engine under construction');
}
