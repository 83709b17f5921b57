import { delay } from './delay.ts';

/** How `--until-idle` decides a run is done. */
export interface IdleOptions {
  /** The run must stay idle this long, so a spout between two batches is not mistaken for a finished one. */
  holdMs?: number;
  /** How often isIdle() is polled. */
  pollMs?: number;
  signal?: AbortSignal;
}

/** Resolves true once `isIdle()` has held for `holdMs` (checked every `pollMs`), false if aborted first. */
export async function waitUntilIdle(isIdle: () => boolean, options: IdleOptions = {}): Promise<boolean> {
  const holdMs = options.holdMs ?? 250;
  const pollMs = options.pollMs ?? 50;
  let idleSince: number | undefined;
  for (;;) {
    if (isIdle()) {
      idleSince ??= Date.now();
      if (Date.now() - idleSince >= holdMs) return true;
    } else {
      idleSince = undefined;
    }
    if (!(await delay(pollMs, options.signal))) return false;
  }
}
