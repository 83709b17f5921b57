// End-to-end throughput of the user-activity pipeline: Kafka → local engine → PostgreSQL, all on this machine.
//   node --import tsx bench/pipeline/throughput.ts [--events 200000] [--dir /tmp/twinstorm-bench-pipeline] [--keep] [--conf k=v …]
// Loads the events once, runs the example to idle on a fresh consumer group and schema, polls the row count and the
// CPU time of each process group (broker, database, engine) every 250 ms. The measured window runs from the first row
// to the last, so the group join and the idle detection at the end are left out (the total with them is printed too).
// Own services on ports 29192/25432 (never `twinstorm services`' shared ones), stopped at the end unless --keep.
import os from 'node:os';
import { parseArgs } from 'node:util';
import { servicesDown } from '@twinstorm/services';
import { countRows, treeCpuSeconds, loadEvents, pipelineConf, privateServices, sleep, startRun } from './harness.ts';

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '200000' },
    dir: { type: 'string', default: '/tmp/twinstorm-bench-pipeline' },
    keep: { type: 'boolean', default: false },
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

interface Sample {
  at: number;
  rows: number;
  cpu: { kafka: number; postgres: number; engine: number };
}

async function main(): Promise<void> {
  const services = await privateServices(args.dir);
  try {
    const topic = `bench-${EVENTS}`;
    await loadEvents(services, topic, EVENTS);
    const schema = `bench_${Date.now()}`;
    const startedAt = Date.now();
    const run = startRun(services, pipelineConf(services, topic, schema, EXTRA_CONF));
    const enginePid = run.process.pid ?? 0;
    const samples: Sample[] = [];
    let done = false;
    const finished = run.finished().finally(() => (done = true));
    while (!done) {
      const engine = treeCpuSeconds(enginePid);
      const { rows } = await countRows(services.url, schema);
      samples.push({
        at: Date.now(),
        rows,
        cpu: { kafka: treeCpuSeconds(services.pids.kafka), postgres: treeCpuSeconds(services.pids.postgres), engine },
      });
      if (rows >= EVENTS) break;
      await sleep(250);
    }
    const final = await finished;
    const totalMs = Date.now() - startedAt;
    const first = samples.find((s) => s.rows > 0);
    const last = samples.at(-1);
    if (first === undefined || last === undefined || last.rows < EVENTS)
      throw new Error(`only ${last?.rows ?? 0} of ${EVENTS} rows arrived`);
    const seconds = (last.at - first.at) / 1000;
    const capacity = seconds * os.availableParallelism();
    const share = (k: keyof Sample['cpu']): number => Math.round(((last.cpu[k] - first.cpu[k]) / capacity) * 1000) / 10;
    const result = {
      events: EVENTS,
      eventsPerSec: Math.round((last.rows - first.rows) / seconds),
      totalEventsPerSec: Math.round(EVENTS / (totalMs / 1000)),
      windowSeconds: Math.round(seconds * 10) / 10,
      cores: os.availableParallelism(),
      cpuSharePercent: { kafka: share('kafka'), postgres: share('postgres'), engine: share('engine') },
      loadAverage: os.loadavg().map((l) => Math.round(l * 10) / 10),
      spoutTuples: final.spoutTuples,
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    if (!args.keep) await servicesDown(['kafka', 'postgres'], { dir: args.dir });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench pipeline: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
