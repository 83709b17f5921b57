// The cost of durable state (issue 16 "Must show"): user-activity events/s from Kafka to PostgreSQL with the scorers'
// state in memory, Redis and PostgreSQL, side by side in one run over the same loaded topic; goal: Redis >= 0.7x memory.
//   node --import tsx bench/pipeline/state-cost.ts [--events 100000] [--states memory,redis,postgres] [--prefix h16]
//     [--rounds 1]
// Uses the running `twinstorm services` under names starting with --prefix (see state-runs.ts). The measured window
// runs from the first stored row to the last (the engine's start and the idle detection at the end are left out).
import { parseArgs } from 'node:util';
import { countRows, loadEvents, sleep, startRun } from './harness.ts';
import { sharedServices, stateRunConf, type StateServices } from './state-runs.ts';

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '100000' },
    states: { type: 'string', default: 'memory,redis,postgres' },
    prefix: { type: 'string', default: 'h16' },
    rounds: { type: 'string', default: '1' },
  },
});
const EVENTS = Number(args.events);
const ROUNDS = Number(args.rounds);
const STATES = args.states.split(',').filter((s) => s.length > 0);
/** The goal of the issue: the Redis provider's throughput over the in-memory one's. */
const REDIS_GOAL = 0.7;

/** Events/s of one run, first row to last. */
async function eventsPerSecond(s: StateServices, topic: string, state: string): Promise<number> {
  const name = `${args.prefix}_cost_${state}_${Date.now()}`;
  const run = startRun(s, stateRunConf(s, topic, name, state, args.prefix));
  let done = false;
  const finished = run.finished().finally(() => (done = true));
  let first = 0;
  let last = 0;
  let rows = 0;
  while (!done && rows < EVENTS) {
    rows = (await countRows(s.url, name)).rows;
    if (rows > 0 && first === 0) first = Date.now();
    if (rows >= EVENTS) last = Date.now();
    await sleep(100);
  }
  await finished;
  if (last === 0) last = Date.now();
  return Math.round(EVENTS / Math.max((last - first) / 1000, 0.001));
}

async function main(): Promise<void> {
  const s = sharedServices();
  const topic = `${args.prefix}-cost-${EVENTS}`;
  await loadEvents(s, topic, EVENTS);
  const results: Record<string, number[]> = {};
  for (let round = 0; round < ROUNDS; round++) {
    // Each round starts with the next state, so no provider always pays for going first (cold caches, JIT).
    for (const state of [...STATES.slice(round % STATES.length), ...STATES.slice(0, round % STATES.length)]) {
      const eps = await eventsPerSecond(s, topic, state);
      (results[state] ??= []).push(eps);
      process.stdout.write(`${JSON.stringify({ round, state, eventsPerSecond: eps })}\n`);
    }
  }
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  const memory = median(results['memory'] ?? []);
  process.stdout.write('\n| state | events/s (median) | × memory |\n| --- | --- | --- |\n');
  for (const state of STATES) {
    const eps = median(results[state] ?? []);
    process.stdout.write(`| ${state} | ${eps} | ${memory > 0 ? (eps / memory).toFixed(2) : '–'} |\n`);
  }
  const redis = median(results['redis'] ?? []);
  if (memory > 0 && redis > 0)
    process.stdout.write(
      `\nredis / memory = ${(redis / memory).toFixed(2)} (goal >= ${REDIS_GOAL}): ${redis / memory >= REDIS_GOAL ? 'met' : 'NOT met'}\n`,
    );
}

main().catch((error: unknown) => {
  process.stderr.write(`state-cost: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
