// End-to-end throughput of the user-activity pipeline: Kafka → local engine (or Storm) → PostgreSQL, all on this machine.
//   node --import tsx bench/pipeline/throughput.ts [--runtime local|storm] [--events 200000] [--dir /tmp/twinstorm-bench-pipeline]
//     [--keep] [--timeout 1200] [--stall 180] [--conf k=v …]
// --runtime storm submits the same pipeline to the loopback Storm cluster (one worker; its engine CPU is the worker JVM
// and its node children, not Storm's daemons) and kills it at the end.
// Loads the events once, runs the example to idle on a fresh consumer group and schema, polls the row count and the
// CPU time of each process group (broker, database, engine) every 250 ms. The measured window runs from the first row
// to the last, so the group join and the idle detection at the end are left out (the total with them is printed too).
// Progress on stderr every 5 s. Ends with an error (and the topology killed, services stopped) after --timeout s, when
// no row arrives for --stall s, or on SIGINT/SIGTERM; Storm's topology also has a guard that kills it if this dies.
// Own services on ports 29192/25432 (never `twinstorm services`' shared ones), stopped at the end unless --keep.
import os from 'node:os';
import { parseArgs } from 'node:util';
import { servicesDown } from '@twinstorm/services';
import { countRows, treeCpuSeconds, loadEvents, pipelineConf, privateServices, sleep, startRun, type Services } from './harness.ts';
import { submitPipeline, workerPid } from './storm.ts';

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '200000' },
    dir: { type: 'string', default: '/tmp/twinstorm-bench-pipeline' },
    keep: { type: 'boolean', default: false },
    runtime: { type: 'string', default: 'local' },
    /** Seconds the whole run may take before it is stopped as failed. */
    timeout: { type: 'string', default: '1200' },
    /** Seconds without a new row before the run is stopped as stuck. */
    stall: { type: 'string', default: '180' },
    /** Extra topology conf, `key=value`, repeatable (to try batch sizes, pending bounds, fetch sizes). */
    conf: { type: 'string', multiple: true, default: [] },
  },
});
const EXTRA_CONF = Object.fromEntries(
  args.conf.map((kv) => {
    const eq = kv.indexOf('=');
    if (eq < 1) throw new TypeError(`--conf must be key=value, got "${kv}"`);
    return [kv.slice(0, eq), kv.slice(eq + 1)];
  }),
);
const EVENTS = Number(args.events);
const TIMEOUT_MS = Number(args.timeout) * 1000;
const STALL_MS = Number(args.stall) * 1000;
if (!(TIMEOUT_MS > 0) || !(STALL_MS > 0)) throw new TypeError(`--timeout and --stall must be positive seconds`);
if (args.runtime !== 'local' && args.runtime !== 'storm') throw new TypeError(`--runtime must be local or storm, got "${args.runtime}"`);

/** A started run: the engine's root pid (0 while not known yet) and its end. */
interface Started {
  enginePid(): Promise<number>;
  finished: Promise<{ spoutTuples?: { emitted: number; acked: number; failed: number } }>;
  /** Called once every row is stored (Storm: kill the topology). */
  stop(): Promise<void>;
}

function startLocal(services: Services, topic: string, schema: string): Started {
  const run = startRun(services, pipelineConf(services, topic, schema, EXTRA_CONF));
  return { enginePid: () => Promise.resolve(run.process.pid ?? 0), finished: run.finished(), stop: () => Promise.resolve() };
}

async function startStorm(services: Services, topic: string, schema: string): Promise<Started> {
  const topology = await submitPipeline(schema, pipelineConf(services, topic, schema, EXTRA_CONF));
  let pid = 0;
  let stopped!: () => void;
  const finished = new Promise<object>((resolve) => (stopped = () => resolve({})));
  return {
    enginePid: async () => (pid !== 0 ? pid : (pid = (await workerPid(topology.id)) ?? 0)),
    finished,
    stop: async () => {
      await topology.kill();
      stopped();
    },
  };
}

interface Sample {
  at: number;
  rows: number;
  cpu: { kafka: number; postgres: number; engine: number };
}

const PROGRESS_EVERY_MS = 5000;
let lastProgress: Sample | undefined;

/** A stderr line every 5 s (rows so far, rate since the last line), so a slow run shows it is moving. */
function reportProgress(samples: Sample[], startedAt: number): void {
  const now = samples.at(-1);
  if (now === undefined || (lastProgress !== undefined && now.at - lastProgress.at < PROGRESS_EVERY_MS)) return;
  const rate = lastProgress === undefined ? 0 : ((now.rows - lastProgress.rows) * 1000) / (now.at - lastProgress.at);
  process.stderr.write(
    `[${args.runtime}] ${now.rows}/${EVENTS} rows, ${Math.round(rate)} rows/s, ${Math.round((now.at - startedAt) / 1000)} s\n`,
  );
  lastProgress = now;
}

/** What a signal must undo: the run's stop (kills Storm's topology) and the services (unless --keep). */
const cleanups: Array<() => Promise<void>> = [];
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    process.stderr.write(`bench pipeline: ${signal}: stopping the run and the services\n`);
    void (async () => {
      // One after the other: the topology first (it holds a shared slot), then the services it reads and writes.
      for (const cleanup of cleanups.reverse())
        await cleanup().catch((e: unknown) => process.stderr.write(`bench pipeline: cleanup: ${String(e)}\n`));
      process.exit(signal === 'SIGINT' ? 130 : 143);
    })();
  });

/** Runs `f` once however often it is called. */
function once(f: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => (done ??= f());
}

async function main(): Promise<void> {
  const stopServices = once(async () => {
    if (!args.keep) await servicesDown(['kafka', 'postgres'], { dir: args.dir });
  });
  cleanups.push(stopServices);
  const services = await privateServices(args.dir);
  try {
    const topic = `bench-${EVENTS}`;
    await loadEvents(services, topic, EVENTS);
    const schema = `bench_${args.runtime}_${Date.now()}`;
    const startedAt = Date.now();
    const run = args.runtime === 'storm' ? await startStorm(services, topic, schema) : startLocal(services, topic, schema);
    const stop = once(() => run.stop());
    cleanups.push(stop);
    const samples: Sample[] = [];
    let done = false;
    run.finished.then(
      () => (done = true),
      () => (done = true),
    );
    try {
      while (!done) {
        const enginePid = await run.enginePid();
        const engine = enginePid === 0 ? 0 : treeCpuSeconds(enginePid);
        const { rows } = await countRows(services.url, schema);
        samples.push({
          at: Date.now(),
          rows,
          cpu: { kafka: treeCpuSeconds(services.pids.kafka), postgres: treeCpuSeconds(services.pids.postgres), engine },
        });
        reportProgress(samples, startedAt);
        if (rows >= EVENTS) break;
        checkDeadlines(samples, startedAt);
        await sleep(250);
      }
    } finally {
      await stop();
    }
    const final = await run.finished;
    const totalMs = Date.now() - startedAt;
    const first = samples.find((s) => s.rows > 0);
    const last = samples.at(-1);
    if (first === undefined || last === undefined || last.rows < EVENTS)
      throw new Error(`only ${last?.rows ?? 0} of ${EVENTS} rows arrived`);
    const seconds = (last.at - first.at) / 1000;
    const capacity = seconds * os.availableParallelism();
    const share = (k: keyof Sample['cpu']): number => Math.round(((last.cpu[k] - first.cpu[k]) / capacity) * 1000) / 10;
    const result = {
      runtime: args.runtime,
      events: EVENTS,
      eventsPerSec: Math.round((last.rows - first.rows) / seconds),
      totalEventsPerSec: Math.round(EVENTS / (totalMs / 1000)),
      windowSeconds: Math.round(seconds * 10) / 10,
      cores: os.availableParallelism(),
      cpuSharePercent: { kafka: share('kafka'), postgres: share('postgres'), engine: share('engine') },
      loadAverage: os.loadavg().map((l) => Math.round(l * 10) / 10),
      ...(final.spoutTuples === undefined ? {} : { spoutTuples: final.spoutTuples }),
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await stopServices();
  }
}

/** Throws when the run passed --timeout, or no row arrived for --stall (the caller's finally kills the run). */
function checkDeadlines(samples: Sample[], startedAt: number): void {
  const now = samples.at(-1)!;
  if (now.at - startedAt > TIMEOUT_MS) throw new Error(`timed out after ${args.timeout} s with ${now.rows}/${EVENTS} rows (--timeout)`);
  const lastChange = samples.findLast((s) => s.rows !== now.rows)?.at ?? startedAt;
  if (now.at - lastChange > STALL_MS) throw new Error(`no new row for ${args.stall} s, stuck at ${now.rows}/${EVENTS} rows (--stall)`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench pipeline: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
