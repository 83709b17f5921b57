import type { Executor } from './executor.ts';
import type { ProcessExitEvent, RunSnapshot } from './types.ts';
import { firstUserFrame } from './workers/worker-thread.ts';

/** What the guard asks of the run it watches. */
export interface ExitWatch {
  /** The task whose callback is on the stack, if any. */
  running(): Executor | null;
  /** The summary at this moment, stopped for `reason`. */
  summary(reason: string): RunSnapshot;
  report(event: ProcessExitEvent): void;
}

/**
 * While an in-process run goes on, process.exit is the whole engine's death (as System.exit in a Storm worker): instead
 * of ending silently, the run first reports who called it, from where, and its summary; then the process exits. Returns
 * the function that puts process.exit back.
 */
export function guardProcessExit(watch: ExitWatch): () => void {
  const original = process.exit.bind(process);
  let reporting = false;
  const guarded = (code?: number | string | null): never => {
    if (!reporting) {
      reporting = true;
      process.exit = original;
      const given = Number(code ?? process.exitCode ?? 0);
      const exitCode = Number.isInteger(given) && given !== 0 ? given : 1;
      const task = watch.running();
      const where = firstUserFrame(new Error('process.exit').stack ?? '');
      const who = task === null ? 'outside any component callback' : `by component "${task.componentId}" task ${task.taskId}`;
      const reason = `process.exit(${code ?? ''}) called ${who}`;
      const message = `${reason}${where}: the engine runs in this process, so the run ends here (exit code ${exitCode}) as a Storm worker would; trees pending now are not completed`;
      const event: ProcessExitEvent = { code: exitCode, message, snapshot: watch.summary(reason) };
      if (task !== null) {
        event.component = task.componentId;
        event.task = task.taskId;
      }
      try {
        watch.report(event);
      } catch {
        // Reporting must never keep the process from ending.
      }
      return original(exitCode);
    }
    return original(code);
  };
  process.exit = guarded;
  return () => {
    if (process.exit === guarded) process.exit = original;
  };
}
