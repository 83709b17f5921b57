import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { isListening, requireTool, resolveJarsInto, twinstormCacheDir } from '@twinstorm/cluster';
import { ServicesError } from './errors.ts';
import type { ServicePorts } from './options.ts';
import type { ServiceContext, ServiceDefinition } from './service.ts';

/** The Apache Kafka release the broker runs (Scala 2.13 build, from Maven Central). */
export const KAFKA_VERSION = '4.1.1';

/**
 * The broker and its runtime dependencies. kafka_2.13 logs through slf4j 1.7 but ships no binding; the Apache
 * release adds log4j's, which this names too (same log4j version as the log4j-core kafka_2.13 depends on).
 */
const COORDINATES = [`org.apache.kafka:kafka_2.13:${KAFKA_VERSION}`, 'org.apache.logging.log4j:log4j-slf4j-impl:2.24.3'] as const;

/** The line Kafka logs once the broker serves clients. */
const STARTED_LINE = 'Kafka Server started';

async function kafkaLib(env: NodeJS.ProcessEnv, onProgress: (line: string) => void): Promise<string> {
  const lib = join(twinstormCacheDir(env), `kafka-${KAFKA_VERSION}`, 'lib');
  if (existsSync(lib) && (await readdir(lib)).some((f) => f.startsWith('kafka_2.13-'))) return lib;
  await requireTool('mvn');
  onProgress(`resolving Kafka ${KAFKA_VERSION} jars with Maven (once; about 45 MB)`);
  await resolveJarsInto(lib, COORDINATES);
  return lib;
}

/** server.properties of a single KRaft node (broker and controller at once) on 127.0.0.1. */
export function kafkaServerProperties(dataDir: string, ports: ServicePorts): string {
  const settings: Record<string, string | number | boolean> = {
    'process.roles': 'broker,controller',
    'node.id': 1,
    'controller.quorum.voters': `1@127.0.0.1:${ports.kafkaController}`,
    listeners: `PLAINTEXT://127.0.0.1:${ports.kafka},CONTROLLER://127.0.0.1:${ports.kafkaController}`,
    'advertised.listeners': `PLAINTEXT://127.0.0.1:${ports.kafka}`,
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'listener.security.protocol.map': 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    'log.dirs': dataDir,
    // Topics created on first use get 4 partitions, so a spout with several tasks has partitions to share.
    'num.partitions': 4,
    'auto.create.topics.enable': true,
    // One node: internal topics cannot be replicated; fewer offsets partitions make the first group join quick.
    'offsets.topic.replication.factor': 1,
    'offsets.topic.num.partitions': 4,
    'transaction.state.log.replication.factor': 1,
    'transaction.state.log.min.isr': 1,
    'share.coordinator.state.topic.replication.factor': 1,
    'share.coordinator.state.topic.min.isr': 1,
    // Tests and development join groups one consumer at a time: do not wait 3 s for more members.
    'group.initial.rebalance.delay.ms': 0,
  };
  return `# Written by twinstorm services up; regenerated at every start.\n${Object.entries(settings)
    .map(([k, v]) => `${k}=${v}`)
    .join('\n')}\n`;
}

const LOG4J2 = `# Written by twinstorm services up: Kafka's INFO log to its stdout (kafka.out).
rootLogger.level = INFO
rootLogger.appenderRef.stdout.ref = STDOUT
appender.stdout.type = Console
appender.stdout.name = STDOUT
appender.stdout.layout.type = PatternLayout
appender.stdout.layout.pattern = [%d] %p %m (%c)%n
`;

/**
 * A KRaft cluster id: 16 random bytes, base64url without padding, as `kafka-storage random-uuid` prints — and, as
 * Kafka's Uuid.randomUuid does, never one starting with '-' (StorageTool's parser would take it for an option: 1 in 64).
 */
function clusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

function javaArgs(lib: string, dir: string, mainClass: string, rest: readonly string[]): string[] {
  return [
    '-Xmx512m',
    '-Xms128m',
    '-Djava.net.preferIPv4Stack=true',
    '-Djava.awt.headless=true',
    `-Dlog4j2.configurationFile=${join(dir, 'log4j2.properties')}`,
    '-cp',
    join(lib, '*'),
    mainClass,
    ...rest,
  ];
}

/** Kafka: one KRaft node from Apache Kafka's Maven Central artifacts; data in `<dir>/kafka/data`. */
export const kafka: ServiceDefinition<'kafka'> = {
  name: 'kafka',
  ports: (p) => [p.kafka, p.kafkaController],
  address: (p) => ({ brokers: `127.0.0.1:${p.kafka}` }),
  async requireTools() {
    await requireTool('java');
  },
  async prepare(ctx: ServiceContext) {
    const lib = await kafkaLib(ctx.env, ctx.onProgress);
    const data = join(ctx.dir, 'data');
    await mkdir(data, { recursive: true });
    const props = join(ctx.dir, 'server.properties');
    await writeFile(props, kafkaServerProperties(data, ctx.ports));
    await writeFile(join(ctx.dir, 'log4j2.properties'), LOG4J2);
    if (!existsSync(join(data, 'meta.properties'))) {
      ctx.onProgress('formatting Kafka storage (KRaft)');
      const r = await execa('java', javaArgs(lib, ctx.dir, 'kafka.tools.StorageTool', ['format', '-t', clusterId(), '-c', props]), {
        reject: false,
        all: true,
        env: ctx.env,
        timeout: 120_000,
      });
      if (r.exitCode !== 0) {
        const why = (r.all ?? '').split('\n').find((l) => /error|exception/i.test(l)) ?? `exit ${r.exitCode}`;
        throw new ServicesError('E_START', `kafka: formatting the storage in ${data} failed: ${why.trim()}`);
      }
    }
    return { command: 'java', args: javaArgs(lib, ctx.dir, 'kafka.Kafka', [props]), env: ctx.env };
  },
  async ready(ctx) {
    if (!(await isListening(ctx.ports.kafka, 500))) return false;
    const log = join(ctx.dir, 'kafka.out');
    return existsSync(log) && readFileSync(log, 'utf8').includes(STARTED_LINE);
  },
  // Emptying every topic and consumer group is what a fresh log directory is: stop, wipe, start again (about 10 s).
  async reset(ctx, restart) {
    await restart.stop();
    await rm(join(ctx.dir, 'data'), { recursive: true, force: true });
    await restart.start();
  },
};
