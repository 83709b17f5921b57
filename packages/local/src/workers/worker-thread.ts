import type { EventLoopUtilization } from 'node:perf_hooks';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { WorkerState } from '../types.ts';
import type { FromWorker, ToWorker, WorkerReport, WorkerSetup } from './protocol.ts';
import { RetiredCounters } from './retired-counters.ts';

/** Every worker thread starts here: plain JS that registers tsx, then imports worker-main.ts. */
const BOOTSTRAP = new URL('./bootstrap.js', import.meta.url);

/** What the coordinator hears from a thread. */
export interface ThreadEvents {
  message(thread: WorkerThread, message: FromWorker): void;
  /** The thread ended without being asked to (its Worker is gone; `reason` says why). */
  died(thread: WorkerThread, reason: string): void;
}

/**
 * One worker thread slot of a run: the Worker running it now (a new one after each death), its latest reports,
 * what its dead incarnations had counted, its restarts, and its CPU (event-loop utilization over the last second).
 */
export class WorkerThread {
  worker: Worker | null = null;
  incarnation = -1;
  state: WorkerState = 'starting';
  /** The latest and the previous report of the current incarnation. */
  latest: WorkerReport | null = null;
  previous: WorkerReport | null = null;
  readonly retired = new RetiredCounters();
  restarts = 0;
  lastExit: string | undefined;
  cpu = 0;
  #closing = false;
  #exitNote: string | undefined;
  #error: Error | undefined;
  #elu: EventLoopUtilization | undefined;
  readonly #reportWaiters: Array<() => void> = [];

  constructor(
    readonly index: number,
    /** Its tasks as `component:taskId` (they change when adaptive placement moves a task). */
    public labels: readonly string[],
    private readonly setupFor: (incarnation: number, join: WorkerSetup['join']) => WorkerSetup,
    private readonly events: ThreadEvents,
    private readonly resourceLimits: ResourceLimits | undefined,
  ) {}

  /** Starts a (new) incarnation; `join` tells a restarted one to activate by itself. */
  spawn(join: WorkerSetup['join']): void {
    this.incarnation++;
    this.latest = null;
    this.previous = null;
    this.#error = undefined;
    this.#exitNote = undefined;
    this.#elu = undefined;
    const options: ConstructorParameters<typeof Worker>[1] = { workerData: this.setupFor(this.incarnation, join), stdout: true };
    if (this.resourceLimits !== undefined) options.resourceLimits = this.resourceLimits;
    const worker = new Worker(BOOTSTRAP, options);
    this.worker = worker;
    // A component's stdout goes wherever this process's stdout goes now (the CLI sends it to stderr under --json).
    worker.stdout.on('data', (chunk: Buffer) => process.stdout.write(chunk));
    worker.on('message', (message: FromWorker) => {
      if (this.worker !== worker) return;
      if (message.type === 'report' || message.type === 'closed') {
        this.previous = this.latest;
        this.latest = message.report;
        for (const w of this.#reportWaiters.splice(0)) w();
      }
      if (message.type === 'exiting') this.#exitNote = `process.exit(${message.code}) called${firstUserFrame(message.stack)}`;
      this.events.message(this, message);
    });
    worker.on('error', (error) => {
      if (this.worker === worker) this.#error = error;
    });
    worker.on('exit', (code) => {
      if (this.worker !== worker) return;
      this.worker = null;
      for (const w of this.#reportWaiters.splice(0)) w();
      if (this.#closing) {
        this.state = 'stopped';
        return;
      }
      this.events.died(this, this.#reason(code));
    });
  }

  #reason(code: number): string {
    if (this.#exitNote !== undefined) return this.#exitNote;
    const e = this.#error;
    if (e !== undefined) {
      if ((e as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY') return `out of memory (${e.message})`;
      return `uncaught ${e.name}: ${e.message}${firstUserFrame(e.stack ?? '')}`;
    }
    return `exited with code ${code}`;
  }

  post(message: ToWorker): void {
    this.worker?.postMessage(message);
  }

  /** Resolves at this incarnation's next report (or when it ends, or after `timeoutMs`). */
  nextReport(timeoutMs: number): Promise<void> {
    if (this.worker === null) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.#reportWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** The current incarnation died: keep what it counted. */
  retire(): void {
    if (this.latest !== null) this.retired.add(this.latest);
    this.latest = null;
    this.previous = null;
  }

  /** Ends the thread on purpose (an exit after this is not a death). */
  async terminate(): Promise<void> {
    this.#closing = true;
    const worker = this.worker;
    if (worker !== null) await worker.terminate();
    this.state = 'stopped';
  }

  /** Marks the thread as being shut down: its exit from now on is expected. */
  closing(): void {
    this.#closing = true;
  }

  /** Event-loop utilization since the last sample (the thread's busy share, close to its CPU when work is CPU-bound). */
  sampleCpu(): void {
    const worker = this.worker;
    if (worker === null) {
      this.cpu = 0;
      return;
    }
    const now = worker.performance.eventLoopUtilization();
    this.cpu = this.#elu === undefined ? now.utilization : worker.performance.eventLoopUtilization(now, this.#elu).utilization;
    this.#elu = now;
  }
}

/** " at <file:line>" of the first stack frame outside node internals and twinstorm's engine, when there is one. */
export function firstUserFrame(stack: string): string {
  for (const line of stack.split('\n').slice(1)) {
    const frame = line.trim();
    if (!frame.startsWith('at ') || frame.includes('node:') || frame.includes('/packages/local/src/')) continue;
    return ` (${frame})`;
  }
  return '';
}
