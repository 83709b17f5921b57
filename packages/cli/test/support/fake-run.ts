import type { Topology } from '@twinstorm/core';
import type { LocalRun, LocalRunOptions, RunSnapshot } from '@twinstorm/local';
import { snapshot } from './snapshots.ts';

/** A LocalRun driven by the test: start it, make it idle, finish it; records stop() calls and the options it got. */
export interface FakeRun extends LocalRun {
  options: LocalRunOptions;
  stopReasons: string[];
  idle: boolean;
  resolveStarted(): void;
  rejectStarted(error: Error): void;
  finish(reason?: string): void;
}

/** Builds a FakeRun; `autoStart` resolves `started` right away (the common case). */
export function fakeRun(topology: Topology, options: LocalRunOptions, autoStart = true): FakeRun {
  let resolveStarted!: () => void;
  let rejectStarted!: (error: Error) => void;
  let resolveFinished!: (s: RunSnapshot) => void;
  const started = new Promise<void>((res, rej) => {
    resolveStarted = res;
    rejectStarted = rej;
  });
  started.catch(() => undefined);
  const finished = new Promise<RunSnapshot>((res) => (resolveFinished = res));
  let done: RunSnapshot | undefined;
  const finish = (reason = 'finished'): RunSnapshot => {
    done ??= snapshot({ topology: topology.name, state: 'stopped', stopReason: reason });
    resolveFinished(done);
    return done;
  };
  const run: FakeRun = {
    topology,
    started,
    finished,
    options,
    stopReasons: [],
    idle: false,
    resolveStarted,
    rejectStarted: (error) => {
      rejectStarted(error);
      finish('start failed');
    },
    finish: (reason) => void finish(reason),
    snapshot: () => done ?? snapshot({ topology: topology.name }),
    stats: () => ({
      topology,
      state: 'running',
      startedAt: 0,
      activatedAt: 0,
      stoppedAt: 0,
      now: () => 0,
      bolts: [],
      spouts: [],
      treesPending: 0,
      lastErrors: [],
      userMetrics: [],
    }),
    isIdle: () => run.idle,
    stop: (reason = 'stopped') => {
      run.stopReasons.push(reason);
      return Promise.resolve(finish(reason));
    },
  };
  if (autoStart) resolveStarted();
  return run;
}
