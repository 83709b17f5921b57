// The Storm half of `pnpm bench`: brings up the loopback cluster (or uses the running one), prepares each Storm
// scenario's jar, runs every scenario (runs interleaved when there are several), and leaves the cluster as it found it.
import { STORM_VERSION, type ClusterOptions } from '@twinstorm/cluster';
import { withStormCluster } from './storm-cluster.ts';
import { procUnits } from './storm-procs.ts';
import { runStormScenario, type StormTiming } from './storm-scenario.ts';
import { prepareStormScenario, type StormScenario } from './storm/topologies.ts';
import type { StormRunFigures, StormSettings } from './types.ts';
import { errorMessage } from '@twinstorm/core/runtime';

/** Each Storm scenario's runs, or why it has none. */
export type StormOutcome = { runs: StormRunFigures[] } | { skipped: string };

/** Runs the given Storm scenarios `runs` times each; a scenario that fails is reported as skipped with the reason, the others still run. */
export async function runStormScenarios(
  scenarios: readonly StormScenario[],
  runs: number,
  timing: StormTiming,
  cluster: ClusterOptions,
  progress: (line: string) => void,
): Promise<{ outcomes: Map<StormScenario, StormOutcome>; settings: StormSettings }> {
  const outcomes = new Map<StormScenario, StormOutcome>();
  let startedCluster = false;
  await withStormCluster(progress, cluster, async (session) => {
    startedCluster = session.started;
    const units = await procUnits();
    const ready: StormScenario[] = [];
    for (const s of scenarios) {
      progress(`${s}: preparing its jar…`);
      try {
        await prepareStormScenario(s);
        ready.push(s);
      } catch (e) {
        outcomes.set(s, { skipped: `could not be prepared: ${oneLine(e)}` });
        progress(`${s}: could not be prepared: ${oneLine(e)}`);
      }
    }
    const collected = new Map<StormScenario, StormRunFigures[]>(ready.map((s) => [s, []]));
    for (let r = 1; r <= runs; r++) {
      for (const s of ready) {
        if (session.interrupted) return;
        if (outcomes.has(s)) continue; // failed in an earlier round
        try {
          collected.get(s)!.push(await runStormScenario(s, r, session, timing, units, progress));
        } catch (e) {
          outcomes.set(s, { skipped: `failed on Storm (run ${r}): ${oneLine(e)}` });
          progress(`${s} run ${r} failed: ${oneLine(e)}`);
        }
      }
    }
    for (const [s, figures] of collected) if (!outcomes.has(s)) outcomes.set(s, { runs: figures });
  });
  const settings: StormSettings = {
    runsPerScenario: runs,
    warmupSec: timing.warmupSec,
    windowSec: timing.windowSec,
    midSamples: timing.midSamples,
    statsSampleRate: timing.statsSampleRate,
    startedCluster,
    stormVersion: STORM_VERSION,
  };
  return { outcomes, settings };
}

function oneLine(e: unknown): string {
  const text = errorMessage(e);
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .slice(0, 3)
    .join(' | ')
    .slice(0, 400);
}
