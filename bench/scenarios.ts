// Every scenario of issue 6, in report order: what it runs, and for those that cannot run yet, why not. The local
// scenarios run as child processes (bench/child.ts), the Storm ones on the loopback cluster (bench/storm-run.ts).
import type { RunnableScenario } from './types.ts';

export interface ScenarioDef {
  name: string;
  what: string;
  /** Set when the scenario cannot run yet: the reason, naming the issue it waits for. */
  notRunYet?: string;
}

export const SCENARIOS: readonly ScenarioDef[] = [
  {
    name: 'ceiling',
    what: 'the same work as plain function calls with XOR acking, no engine (bench/wordcount-ceiling.ts): the limit',
  },
  { name: 'local-1', what: 'the local engine, one thread: runLocal(buildWordCount()) from examples/wordcount' },
  {
    name: 'local-multi',
    what: 'the local engine with --workers = the number of cores: examples/wordcount loaded from its module (its tasks are light, so the placement keeps them fused in one thread; bench:workers measures them forced over threads)',
  },
  {
    name: 'storm-java',
    what: 'Storm on the loopback cluster, the topology written in Java (bench/storm-java): spout, split and count as Java components in the worker JVM, no multilang',
  },
  {
    name: 'storm-twinstorm',
    what: 'Storm, our TS components (examples/wordcount) as multilang children through our adapter (node twinstorm/run.js) and TwinstormSerializer',
  },
  {
    name: 'storm-twinstorm-shellbolt',
    what: 'Storm, the storm-twinstorm topology with its components on ShellBolt/ShellSpout and TwinstormSerializer (conf twinstorm.storm.shell.components: the path before TwinstormBolt/TwinstormSpout)',
  },
  {
    name: 'storm-twinstorm-rate100',
    what: 'storm-twinstorm with its spout held to 100 sentences/s (conf wordcount.rate): complete latency when there is little to batch',
  },
  {
    name: 'storm-twinstorm-shellbolt-rate100',
    what: 'storm-twinstorm-shellbolt at 100 sentences/s: the ShellBolt/ShellSpout latency the one above is held to',
  },
  {
    name: 'storm-stormjs',
    what: "Storm, the same components written for Storm's storm.js (bench/storm), stock JsonSerializer",
  },
  {
    name: 'storm-stormpy',
    what: "Storm, the same components written for Storm's storm.py (bench/storm), stock JsonSerializer",
  },
];

/** The local scenarios, in the order their runs are interleaved (the Storm ones are bench/storm/topologies.ts STORM_SCENARIOS). */
export const RUNNABLE: readonly RunnableScenario[] = ['ceiling', 'local-1', 'local-multi'];

/** The ratios of issue 6: numerator and denominator scenario. */
export const RATIOS: ReadonlyArray<readonly [string, string]> = [
  ['local-1', 'ceiling'],
  ['local-multi', 'local-1'],
  ['local-1', 'storm-java'],
  ['storm-twinstorm', 'storm-java'],
  ['storm-twinstorm', 'storm-twinstorm-shellbolt'],
  ['storm-twinstorm', 'storm-stormjs'],
  ['storm-twinstorm', 'storm-stormpy'],
];
