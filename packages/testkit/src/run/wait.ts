import { TestkitError } from '../errors.ts';
import type { Sink } from '../sink/sink-server.ts';
import { describeProgress } from './dump.ts';
import type { ProgressRecorder } from './progress.ts';
import type { RunProgress } from './types.ts';

/** What the wait needs from the runtime: whether it can still finish, and its own diagnostics for a dump. */
export interface WaitTarget {
  /** Why the run can no longer finish (it stopped, its start failed), or null while it runs. */
  failure(): string | null;
  /** The runtime's view for a dump (the local snapshot, Storm's status). */
  describe(): Promise<string>;
}

/** How long one wait sleeps at most between checks when no report arrives. */
const TICK_MS = 200;

/**
 * Waits until every fixture tuple is acked or failed and `until` (if any) holds, then until no report arrived for
 * `settleMs`; throws E_TIMEOUT with a dump of what arrived at the deadline, E_SINK on a protocol problem, E_START
 * when the runtime stopped on its own.
 */
export async function waitUntilDone(
  sink: Sink,
  progress: ProgressRecorder,
  target: WaitTarget,
  options: { deadline: number; until: ((p: RunProgress) => boolean) | undefined; settleMs: number; label: string; allowRejected: boolean },
): Promise<void> {
  const done = (): boolean => {
    progress.update(sink.reports);
    return progress.allSettled && (options.until === undefined || options.until(progress.snapshot()));
  };
  const check = async (): Promise<void> => {
    if (sink.problems.length > 0 || progress.anomalies.length > 0) {
      throw new TestkitError('E_SINK', `${options.label}: the testkit's reports broke the protocol\n${describeProgress(progress, sink)}`);
    }
    if (progress.rejected.length > 0 && !options.allowRejected) {
      const list = progress.rejected.slice(0, 10).map((r) => `  ${r.spout}#${r.index}: ${r.message}`);
      throw new TestkitError(
        'E_REJECTED',
        `${options.label}: the runtime refused ${progress.rejected.length} fixture tuple(s):\n${list.join('\n')}`,
      );
    }
    const failure = target.failure();
    if (failure !== null) {
      throw new TestkitError('E_START', `${options.label}: ${failure}\n${describeProgress(progress, sink)}\n${await target.describe()}`);
    }
    if (Date.now() > options.deadline) {
      throw new TestkitError(
        'E_TIMEOUT',
        `${options.label}: timed out waiting for every fixture tuple to be acked or failed${options.until === undefined ? '' : ' and for `until`'}\n${describeProgress(progress, sink)}\n${await target.describe()}`,
      );
    }
  };
  while (!done()) {
    await check();
    await sink.nextEvent(Math.min(TICK_MS, Math.max(1, options.deadline - Date.now())));
  }
  if (options.settleMs <= 0) return;
  let seen = sink.reports.length;
  let quietSince = Date.now();
  while (Date.now() - quietSince < options.settleMs) {
    await check();
    await sink.nextEvent(options.settleMs - (Date.now() - quietSince));
    if (sink.reports.length !== seen) {
      seen = sink.reports.length;
      quietSince = Date.now();
    }
  }
  progress.update(sink.reports);
}
