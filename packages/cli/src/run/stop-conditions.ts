import type { LocalRun } from '@twinstorm/local';
import { delay } from './delay.ts';
import { waitUntilIdle } from './wait-until-idle.ts';

/** The stop conditions of `twinstorm run` besides signals and --max-tuples (which the engine enforces itself). */
export interface StopConditions {
  durationMs?: number;
  untilIdle: boolean;
}

/**
 * Resolves with why the run should stop (`duration 5s elapsed`, `idle`, or the reason a signal gave), or undefined
 * when the run finished on its own (--max-tuples, a fatal error). Pending timers and polls end when `signal` aborts.
 */
export function firstStopCondition(
  run: Pick<LocalRun, 'finished' | 'isIdle'>,
  conditions: StopConditions,
  stopRequested: Promise<string>,
  signal: AbortSignal,
): Promise<string | undefined> {
  const stops: Array<Promise<string | undefined>> = [run.finished.then(() => undefined), stopRequested];
  const durationMs = conditions.durationMs;
  if (durationMs !== undefined) {
    stops.push(delay(durationMs, signal).then((elapsed) => (elapsed ? `duration ${durationMs / 1000}s elapsed` : never())));
  }
  if (conditions.untilIdle) {
    stops.push(waitUntilIdle(() => run.isIdle(), { signal }).then((idle) => (idle ? 'idle' : never())));
  }
  return Promise.race(stops);
}

/** A promise that never settles: a cancelled stop condition must not win the race. */
function never(): Promise<never> {
  return new Promise<never>(() => undefined);
}
