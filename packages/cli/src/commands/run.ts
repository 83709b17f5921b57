import type { ConfValue, Topology } from '@twinstorm/core';
import type { LocalRun, LocalRunOptions, ProcessExitEvent, RunSnapshot, WorkerExitEvent } from '@twinstorm/local';
import { componentsMarkedForIsolation, isolate } from '@twinstorm/multilang';
import { CliError } from '../errors.ts';
import { renderRunReport } from '../render/snapshot-table.ts';
import { componentEventReporter, type ComponentEventReporter } from '../run/component-events.ts';
import { delay } from '../run/delay.ts';
import { startLiveView, type LiveView } from '../run/live-view.ts';
import type { OutputStream } from '../run/output-stream.ts';
import { handleStopSignals, type SignalSource } from '../run/signals.ts';
import { firstStopCondition } from '../run/stop-conditions.ts';
import { startStatusServer, type StatusServer } from '../status/status-server.ts';
import { errorMessage } from '@twinstorm/core/runtime';
import { localRunView, startUiServer, type UiServer } from '@twinstorm/web';

/** The options of `twinstorm run`, parsed. */
export interface RunOptions {
  export: string;
  durationMs?: number;
  maxTuples?: number;
  untilIdle: boolean;
  json: boolean;
  conf: Record<string, ConfValue>;
  name?: string;
  /** Components to run in subprocesses (plus those whose conf sets twinstorm.isolate=true); see isolate(). */
  isolate?: string[];
  /** Worker threads for heavy tasks (LocalRunOptions.workers); default 1. */
  workers?: number;
  /** Strict mode (LocalRunOptions.strict); absent: the conf key decides. */
  strict?: boolean;
  /** Serve the status page, JSON API and /metrics on this port of 127.0.0.1 (`--ui [port]`). */
  uiPort?: number;
}

/** What `run` needs from the outside world; the CLI passes the real ones, tests pass fakes. */
export interface RunDeps {
  load(file: string, exportName: string): Promise<Topology>;
  start(topology: Topology, options: LocalRunOptions): LocalRun;
  /** Human output (tables); in --json mode, the one JSON document. */
  stdout: OutputStream;
  stderr: OutputStream;
  signals: SignalSource;
  /** Ends the process at once (Ctrl-C before the run started, or a second Ctrl-C). */
  exitNow(code: number): void;
  /** The registry dir for the status endpoint; undefined disables it. */
  runtimeDir: string | undefined;
  pid: number;
  /** Print stacks of component errors (TWINSTORM_DEBUG=1). */
  debug?: boolean;
}

/** Exit code after an interrupt that did not wait for a graceful stop (128 + SIGINT, as shells report it). */
const INTERRUPTED_EXIT_CODE = 130;
/** A graceful stop that takes longer than this is announced, so a waiting user knows why and how to skip it. */
const SLOW_DRAIN_NOTICE_MS = 1000;
/** How long to wait for the engine to wind down after a failed start before giving up on it. */
const START_FAILURE_GRACE_MS = 5000;

/** `twinstorm run`: runs a topology on the local engine until a stop condition, then prints a summary; returns the exit code. */
export async function runCommand(file: string, options: RunOptions, deps: RunDeps): Promise<number> {
  const mode = options.json ? 'json' : deps.stdout.isTTY === true ? 'live' : 'summary';
  let run: LocalRun | undefined;
  let server: StatusServer | undefined;
  let ui: UiServer | undefined;
  let view: LiveView | undefined;
  const note = (line: string): void => (view === undefined ? void deps.stderr.write(`${line}\n`) : view.log(line));
  const cleanupSync = (): void => {
    server?.closeSync();
    void ui?.close();
    view?.abort();
  };
  const exitNow = (line: string): void => {
    note(line);
    cleanupSync();
    deps.exitNow(INTERRUPTED_EXIT_CODE);
  };

  // Signals are handled from the start. Before the run exists there is nothing to drain, and once a stop is under
  // way (--duration, --until-idle, a first Ctrl-C) another signal means "now": both exit at once.
  const stopRequested = deferred<string>();
  let stopping = false;
  const disposeSignals = handleStopSignals(
    deps.signals,
    (signal) => {
      if (run === undefined || stopping) return exitNow(`twinstorm: ${signal}: exiting now`);
      note(`twinstorm: ${signal}: stopping, draining pending tuples (press Ctrl-C again to exit now)`);
      stopRequested.resolve(`interrupted (${signal})`);
    },
    (signal) => exitNow(`twinstorm: ${signal} again: exiting now`),
  );
  process.once('exit', cleanupSync);
  const conditions = new AbortController();
  try {
    const topology = withIsolation(await deps.load(file, options.export), options.isolate ?? []);
    const events = componentEventReporter(note, { routeLogs: mode === 'live', debug: deps.debug === true });
    const onProcessExit = (e: ProcessExitEvent): void => {
      // Synchronous: the process ends when this returns. The summary goes where the final one would.
      note(`twinstorm: ${e.message}`);
      cleanupSync();
      view = undefined;
      deps.stdout.write(mode === 'json' ? `${JSON.stringify(e.snapshot)}\n` : `${renderRunReport(e.snapshot)}\n`);
    };
    run = deps.start(topology, { ...engineOptions(options, events, note), onProcessExit });
    const name = options.name ?? topology.name;
    server = await serveStatus(deps, name, topology.name, run);
    if (options.uiPort !== undefined) {
      const live = run;
      const who = { name, pid: deps.pid };
      ui = await startUiServer({ port: options.uiPort, source: { views: () => Promise.resolve([localRunView(live, who)]) } });
      note(`twinstorm: status page on ${ui.url} (JSON API under ${ui.url}api/v1/, Prometheus at ${ui.url}metrics)`);
    }
    if (mode === 'live') {
      const live = run;
      view = startLiveView(deps.stdout, () => live.snapshot(), { logStream: deps.stderr });
    }
    const startError = await waitForStart(run, stopRequested.promise);
    if (startError !== undefined) {
      events.discard();
      view?.abort();
      view = undefined;
      throw startError;
    }
    events.release();
    if (run.placement !== undefined && run.placement.threads > 1) note(`twinstorm: ${run.placement.reason}`);
    if (server !== undefined) note(`twinstorm: run "${name}" status on unix:${server.socket} (twinstorm status ${name})`);

    const reason = await firstStopCondition(run, options, stopRequested.promise, conditions.signal);
    conditions.abort();
    stopping = true;
    const final = reason === undefined ? await run.finished : await drain(run, reason, note);
    await server?.close();
    await ui?.close();
    await report(final, mode, deps, view);
    view = undefined;
    return 0;
  } finally {
    conditions.abort();
    disposeSignals();
    cleanupSync();
    process.off('exit', cleanupSync);
  }
}

function engineOptions(options: RunOptions, events: ComponentEventReporter, note: (line: string) => void): LocalRunOptions {
  const engine: LocalRunOptions = { conf: options.conf, onError: events.onError, onWorkerExit: (e) => note(workerExitLine(e)) };
  if (options.maxTuples !== undefined) engine.maxTuples = options.maxTuples;
  if (options.workers !== undefined) engine.workers = options.workers;
  if (options.strict !== undefined) engine.strict = options.strict;
  if (events.onLog !== undefined) engine.onLog = events.onLog;
  return engine;
}

/** One line for a worker thread that died and is being restarted. */
function workerExitLine(e: WorkerExitEvent): string {
  return `twinstorm: worker thread ${e.worker} (${e.tasks.join(', ')}) died: ${e.reason}; restarting it (restart ${e.restarts}; its pending tuples fail by timeout and are replayed)`;
}

/** Stops the run gracefully; when the drain takes a while, says so (and how to skip it). */
async function drain(run: LocalRun, reason: string, note: (line: string) => void): Promise<RunSnapshot> {
  const slow = setTimeout(() => {
    const pending = run.snapshot().spoutTuples.pending;
    note(`twinstorm: ${reason}: draining ${pending} pending spout tuples (press Ctrl-C to exit now)`);
  }, SLOW_DRAIN_NOTICE_MS);
  try {
    return await run.stop(reason);
  } finally {
    clearTimeout(slow);
  }
}

async function serveStatus(deps: RunDeps, name: string, topology: string, run: LocalRun): Promise<StatusServer | undefined> {
  if (deps.runtimeDir === undefined) return undefined;
  try {
    return await startStatusServer({
      dir: deps.runtimeDir,
      name,
      topology,
      pid: deps.pid,
      startedAt: new Date(),
      snapshot: () => run.snapshot(),
      view: () => localRunView(run, { name, pid: deps.pid }),
    });
  } catch (error) {
    deps.stderr.write(`twinstorm: warning: no status endpoint (${errorMessage(error)})\n`);
    return undefined;
  }
}

/** Waits until the run has started (or a stop was requested first); returns the start failure as a CliError. */
async function waitForStart(run: LocalRun, stopRequested: Promise<string>): Promise<CliError | undefined> {
  const failure = await Promise.race([
    run.started.then(
      () => undefined,
      (error: unknown) => ({ error }),
    ),
    stopRequested.then(() => undefined),
  ]);
  if (failure === undefined) return undefined;
  const grace = new AbortController();
  await Promise.race([run.finished.catch(() => undefined), delay(START_FAILURE_GRACE_MS, grace.signal)]);
  grace.abort();
  const message = errorMessage(failure.error);
  return new CliError('E_START_FAILED', `the topology failed to start: ${message}`);
}

async function report(final: RunSnapshot, mode: 'json' | 'live' | 'summary', deps: RunDeps, view: LiveView | undefined): Promise<void> {
  if (mode === 'json') await deps.stdout.write(`${JSON.stringify(final)}\n`);
  else if (view !== undefined) view.stop(final);
  else await deps.stdout.write(`${renderRunReport(final)}\n`);
}

/** `--isolate` and `twinstorm.isolate`: the named and marked components run in their own subprocesses. */
function withIsolation(topology: Topology, ids: readonly string[]): Topology {
  return isolate(topology, [...new Set([...ids, ...componentsMarkedForIsolation(topology)])]);
}

function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}
