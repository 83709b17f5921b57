// The four Storm scenarios of issue 6 (storm-java, storm-twinstorm, storm-stormjs, storm-stormpy): each runs exactly
// the word count of examples/wordcount — its corpus in order (sentence i = CORPUS[i % 52], msgId i), its split rules,
// sentences -shuffle-> split -fields(word)-> count with the same task counts and component ids, acking on, the same
// topology.max.spout.pending (bench/workload.ts) — written in Java, in TypeScript through our adapter, for storm.js,
// for storm.py. What the bench driver imports:
//
//   STORM_SCENARIOS                      the names, in report order
//   prepareStormScenario(name)           builds what the scenario submits (idempotent; Maven, esbuild, the official
//                                        adapters from Maven on first use); resolves to its jar. Call it once per
//                                        process before submitting; not safe from two processes at once.
//   submitStormScenario(name, options)   submits the prepared jar as options.topologyName (nimbus: host:port, default
//                                        $TWINSTORM_NIMBUS or 127.0.0.1:6627; conf: overrides, e.g. wordcount.sentences
//                                        to stop after N sentences); resolves to the topology name. Kill it yourself.
//   scenarioConf(name)                   the conf every submit of the scenario gets under options.conf
//   STORM_COUNTERS / stormCounts(s)      sentences = spout "sentences" acked, word tuples = bolt "count" executed, read
//                                        from a stormTopologyStatus / `twinstorm status --json` summary; identical
//                                        meaning in all four (Storm counts every tuple on the loopback cluster).
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  confArgs,
  ensureStormInstall,
  formatNimbus,
  packageTopology,
  resolveNimbus,
  submitTopology,
  type StormTopologySummary,
} from '@twinstorm/cluster';
import type { ConfValue } from '@twinstorm/core';
import { execa } from 'execa';
import { COUNT_TASKS, MAX_SPOUT_PENDING, SPLIT_TASKS, SPOUT_TASKS } from '../workload.ts';
import { CLIENT_JVM_FLAGS, JAVA_JAR, JAVA_MAIN, prepareJavaJar } from './java-jar.ts';
import { prepareMultilangResources } from './multilang-resources.ts';
import { RATE_CONF } from '../../examples/wordcount/sentence-spout.ts';

/** Sentences per second of the -rate100 scenarios. */
const LOW_RATE = 100;

/** The Storm scenarios, in report order. */
export const STORM_SCENARIOS = [
  'storm-java',
  'storm-twinstorm',
  'storm-twinstorm-shellbolt',
  'storm-stormjs',
  'storm-stormpy',
  'storm-twinstorm-rate100',
  'storm-twinstorm-shellbolt-rate100',
] as const;
/** One Storm scenario's name. */
export type StormScenario = (typeof STORM_SCENARIOS)[number];

/** Options of one submit. */
export interface StormSubmitOptions {
  /** The name on the cluster (must match Storm's ^[^/.:\\]+$). */
  topologyName: string;
  /** Nimbus host:port; default $TWINSTORM_NIMBUS, else 127.0.0.1:6627. */
  nimbus?: string;
  /** Conf overrides, over scenarioConf(name). */
  conf?: Readonly<Record<string, ConfValue>>;
}

/** Where the bench reads its two figures: component id and counter of a Storm status summary. */
export const STORM_COUNTERS = {
  sentences: { component: 'sentences', counter: 'acked' },
  wordTuples: { component: 'count', counter: 'executed' },
} as const;

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const JARS = join(ROOT, 'node_modules', '.cache', 'twinstorm', 'bench', 'jars');
const STOCK_SERIALIZER = 'org.apache.storm.multilang.JsonSerializer';

/** The topology module packaged for each twinstorm-built scenario (storm-java has its own Maven jar). */
const MODULES: Readonly<Record<Exclude<StormScenario, 'storm-java'>, string>> = {
  'storm-twinstorm': join(ROOT, 'examples', 'wordcount', 'topology.ts'),
  'storm-twinstorm-shellbolt': join(ROOT, 'examples', 'wordcount', 'topology.ts'),
  'storm-twinstorm-rate100': join(ROOT, 'examples', 'wordcount', 'topology.ts'),
  'storm-twinstorm-shellbolt-rate100': join(ROOT, 'examples', 'wordcount', 'topology.ts'),
  'storm-stormjs': join(ROOT, 'bench', 'storm', 'stormjs-topology.ts'),
  'storm-stormpy': join(ROOT, 'bench', 'storm', 'stormpy-topology.ts'),
};

/** The jar a scenario submits (prepareStormScenario writes it). */
export function scenarioJar(name: StormScenario): string {
  return name === 'storm-java' ? JAVA_JAR : join(JARS, `${name}.jar`);
}

/**
 * The conf every submit gets (under the caller's overrides): examples/wordcount's max spout pending, stated for all
 * four; the official-adapter scenarios also get Storm's stock multilang serializer, as a storm.js / storm.py user has
 * (twinstorm's runner would otherwise install TwinstormSerializer, which storm-twinstorm keeps).
 */
export function scenarioConf(name: StormScenario): Record<string, ConfValue> {
  const conf: Record<string, ConfValue> = { 'topology.max.spout.pending': MAX_SPOUT_PENDING };
  if (name === 'storm-stormjs' || name === 'storm-stormpy') conf['topology.multilang.serializer'] = STOCK_SERIALIZER;
  // The same TypeScript components on ShellBolt/ShellSpout (the path before TwinstormBolt/TwinstormSpout), measured beside it.
  if (name === 'storm-twinstorm-shellbolt' || name === 'storm-twinstorm-shellbolt-rate100') conf['twinstorm.storm.shell.components'] = true;
  // Complete latency when there is little to batch: the spout held to 100 sentences/s (examples/wordcount RATE_CONF).
  if (name.endsWith('-rate100')) conf[RATE_CONF] = LOW_RATE;
  return conf;
}

/** Builds the scenario's jar: the Java project (split checked against words.ts), or the packaged topology module. */
export async function prepareStormScenario(name: StormScenario): Promise<string> {
  if (name === 'storm-java') return prepareJavaJar();
  if (name === 'storm-stormjs') await prepareMultilangResources('javascript');
  if (name === 'storm-stormpy') await prepareMultilangResources('python');
  await mkdir(JARS, { recursive: true });
  const { jar, warnings } = await packageTopology({ topologyPath: MODULES[name], outFile: scenarioJar(name) });
  if (warnings.length > 0) throw new Error(`packaging ${name}: ${warnings.join('; ')}`);
  return jar;
}

/** Submits the prepared scenario under options.topologyName with scenarioConf + options.conf; resolves to that name. */
export async function submitStormScenario(name: StormScenario, options: StormSubmitOptions): Promise<string> {
  const jar = scenarioJar(name);
  if (!existsSync(jar)) throw new Error(`${jar} is missing: call prepareStormScenario('${name}') first`);
  const conf = { ...scenarioConf(name), ...options.conf };
  const nimbus = formatNimbus(resolveNimbus(options.nimbus));
  if (name !== 'storm-java') {
    return (await submitTopology({ jar, name: options.topologyName, nimbus, conf })).name;
  }
  const { classpath } = await ensureStormInstall();
  const args = ['--name', options.topologyName, '--nimbus', nimbus, '--parallelism', `${SPOUT_TASKS},${SPLIT_TASKS},${COUNT_TASKS}`];
  const r = await execa(
    'java',
    [...CLIENT_JVM_FLAGS, '-cp', `${classpath}:${jar}`, `-Dstorm.jar=${jar}`, JAVA_MAIN, ...args, ...confArgs(conf)],
    {
      reject: false,
      stdin: 'ignore',
      timeout: 5 * 60_000,
    },
  );
  const line = r.stdout.trim().split('\n').pop() ?? '';
  if (r.exitCode !== 0 || !line.startsWith('{')) {
    const why = r.stderr.trim().split('\n').pop() ?? `java exited with ${String(r.exitCode)}`;
    throw new Error(`submitting storm-java as ${options.topologyName}: ${why}`);
  }
  return (JSON.parse(line) as { submitted: string }).submitted;
}

/** The bench's two figures from a Storm status summary (all-time counts); null before the component reports. */
export function stormCounts(summary: StormTopologySummary): { sentences: number | null; wordTuples: number | null } {
  const { sentences, wordTuples } = STORM_COUNTERS;
  return {
    sentences: summary.components[sentences.component]?.[sentences.counter] ?? null,
    wordTuples: summary.components[wordTuples.component]?.[wordTuples.counter] ?? null,
  };
}
