import { runLocal, type ComponentErrorEvent, type LocalRun } from '@twinstorm/local';
import { TestkitError } from '../errors.ts';
import { beforeDeadline, groupErrors, type RuntimeSession, type SessionStart } from './session.ts';
import { errorMessage } from '@twinstorm/core/runtime';

/** How long stopping may wait for trees still pending (a timed-out run may hold some). */
const DRAIN_MS = 2_000;

/** Log lines kept for a dump. */
const KEEP_LOGS = 40;

/** Starts the instrumented topology on the local engine (strict by default) in this process. */
export async function startLocalSession(start: SessionStart): Promise<RuntimeSession> {
  const strict = start.options.strict ?? true;
  const errors: ComponentErrorEvent[] = [];
  const logs: string[] = [];
  const run: LocalRun = runLocal(start.topology, {
    strict,
    workers: start.options.workers ?? 1,
    drainTimeoutMs: DRAIN_MS,
    onError: (e) => errors.push(e),
    onLog: (e) => {
      logs.push(`${e.component}:${e.task} ${e.level} ${e.message}`);
      if (logs.length > KEEP_LOGS) logs.shift();
    },
  });
  let stopped: string | null = null;
  void run.finished.then((summary) => {
    stopped ??= `the local run stopped on its own (${summary.stopReason ?? 'no reason given'})`;
  });
  const describe = (): Promise<string> => {
    const snapshot = run.snapshot();
    const components = Object.entries(snapshot.components)
      .map(
        ([id, m]) =>
          `  ${id}: executed ${m.executed}, emitted ${m.emitted}, acked ${m.acked}, failed ${m.failed}, errors ${m.errors}, queued ${m.queued}, pending ${m.pending}`,
      )
      .join('\n');
    const errs = errors.slice(-10).map((e) => `  ${e.component}:${e.task} ${e.message}`);
    const text = [
      `local run (${snapshot.state}):`,
      components,
      `errors (${errors.length}):`,
      ...errs,
      `last log lines:`,
      ...logs.map((l) => `  ${l}`),
    ].join('\n');
    return Promise.resolve(text);
  };
  try {
    await beforeDeadline(
      run.started,
      start.deadline,
      () => new TestkitError('E_TIMEOUT', `${start.label}: the tasks did not start in time`),
    );
  } catch (error) {
    void run.stop();
    if (error instanceof TestkitError) throw error;
    throw new TestkitError('E_START', `${start.label}: the run did not start: ${errorMessage(error)}\n${await describe()}`, {
      cause: error,
    });
  }
  return {
    topologyName: start.topology.name,
    failure: () => stopped,
    describe,
    errors: () => Promise.resolve(groupErrors(errors)),
    stormWorkers: () => null,
    stop: async () => {
      stopped ??= 'stopped by the testkit';
      await run.stop('testkit run done');
    },
  };
}
