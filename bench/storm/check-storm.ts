// `node --import tsx bench/storm/check-storm.ts [--seconds S] [scenario...]`: submits each Storm scenario (default all
// four, one at a time) to the running cluster, reads its counters every 5 s for S seconds (default 60) and prints
// rough rates, then kills it with a 20 s wait (spouts deactivated, in-flight trees complete) and checks the work:
// no failures or errors, split executed = sentences acked, count executed = wordTuplesFor(acked) exactly. Not the
// bench measurement (pnpm bench is); a check that the four topologies do the same work. Needs `twinstorm storm up`.
import { parseArgs } from 'node:util';
import { killTopology, stormTopologyStatus, type StormTopologySummary } from '@twinstorm/cluster';
import { wordTuplesFor } from '../workload.ts';
import { prepareStormScenario, STORM_SCENARIOS, stormCounts, submitStormScenario, type StormScenario } from './topologies.ts';

const { values, positionals } = parseArgs({ options: { seconds: { type: 'string', default: '60' } }, allowPositionals: true });
const seconds = Number(values.seconds);
const scenarios = (positionals.length > 0 ? positionals : [...STORM_SCENARIOS]) as StormScenario[];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let allOk = true;
for (const scenario of scenarios) {
  if (!STORM_SCENARIOS.includes(scenario)) throw new Error(`unknown scenario ${scenario}; one of ${STORM_SCENARIOS.join(', ')}`);
  const t0 = performance.now();
  await prepareStormScenario(scenario);
  const name = `check-${scenario}`;
  await submitStormScenario(scenario, { topologyName: name });
  log(`${scenario}: prepared and submitted as ${name} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const samples: Array<{ t: number; sentences: number; words: number }> = [];
  const start = performance.now();
  try {
    while (performance.now() - start < seconds * 1000) {
      await sleep(5000);
      const c = stormCounts(await stormTopologyStatus(name));
      const t = (performance.now() - start) / 1000;
      samples.push({ t, sentences: c.sentences ?? 0, words: c.wordTuples ?? 0 });
      const prev = samples.at(-2);
      const rate =
        prev === undefined
          ? ''
          : `  ${fmt((c.sentences! - prev.sentences) / (t - prev.t))} sentences/s, ${fmt((c.wordTuples! - prev.words) / (t - prev.t))} word tuples/s`;
      log(`  t=${t.toFixed(0).padStart(3)} s  acked ${fmt(c.sentences ?? 0)}  words ${fmt(c.wordTuples ?? 0)}${rate}`);
    }
  } finally {
    await killTopology(name, { waitSecs: 20 });
  }
  // Steady rate: from the first sample with sentences acked (the workers have started) to the last one.
  const first = samples.find((s) => s.sentences > 0);
  const last = samples.at(-1);
  if (first !== undefined && last !== undefined && last.t > first.t)
    log(
      `${scenario}: rough steady rate ${fmt((last.sentences - first.sentences) / (last.t - first.t))} sentences/s, ` +
        `${fmt((last.words - first.words) / (last.t - first.t))} word tuples/s (t=${first.t.toFixed(0)}..${last.t.toFixed(0)} s)`,
    );
  // Deactivated: wait until acked stops moving (stats arrive every 3 s), then check the work exactly.
  let final: StormTopologySummary | undefined;
  let previous = -1;
  for (let i = 0; i < 5; i++) {
    await sleep(4000);
    final = await stormTopologyStatus(name);
    const acked = stormCounts(final).sentences ?? 0;
    if (acked === previous) break;
    previous = acked;
  }
  allOk &&= check(scenario, final!);
}
process.exitCode = allOk ? 0 : 1;

function check(scenario: StormScenario, s: StormTopologySummary): boolean {
  const { sentences, wordTuples } = stormCounts(s);
  const acked = sentences ?? 0;
  const expected = wordTuplesFor(acked);
  const split = s.components['split']?.executed ?? null;
  const ok = s.spoutTuples.failed === 0 && s.lastErrors.length === 0 && split === acked && wordTuples === expected;
  log(
    `${ok ? 'ok  ' : 'FAIL'} ${scenario}: ${fmt(acked)} sentences acked, ${s.spoutTuples.failed} failed, ${s.lastErrors.length} errors; ` +
      `split executed ${fmt(split ?? 0)}; count executed ${fmt(wordTuples ?? 0)} word tuples, words.ts says ${fmt(expected)} ` +
      `(${(expected / Math.max(1, acked)).toFixed(4)} per sentence)`,
  );
  for (const e of s.lastErrors) log(`  error in ${e.component}: ${e.message.slice(0, 300)}`);
  return ok;
}

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}
