// Loads the generator's events into a Kafka topic, keyed by user (each user's events stay in order in one partition):
//   node --import tsx examples/user-activity/load.ts --events 200000 [--topic user-activity] [--brokers host:port]
// Idempotent: a topic that already holds exactly these events is left alone; one holding something else is an error.
import { parseArgs } from 'node:util';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { eventValues, EVENT_FIELDS } from './fields.ts';
import { activityEvents, DEFAULT_SEED } from './generator.ts';
import { DEFAULT_TOPIC, kafkaBrokers } from './services.ts';

/** Partitions of a topic load.ts creates: room for up to 4 spout tasks. */
export const TOPIC_PARTITIONS = 4;
const SEND_BATCH = 5000;

/** The record value of an event: its own fields as a JSON object (the generator's labels stay out). */
export function eventRecord(values: readonly unknown[]): string {
  const o: Record<string, unknown> = {};
  EVENT_FIELDS.forEach((f, i) => (o[f] = values[i]));
  return JSON.stringify(o);
}

/** How long a broker that has just started may answer "not the leader" for a topic it just created. */
const LEADER_WAIT_MS = 30_000;

/** Records in `topic`; retried while the broker says a retriable error (a new topic's leaders still being elected). */
async function recordsIn(admin: Admin, topic: string): Promise<number> {
  const until = Date.now() + LEADER_WAIT_MS;
  for (;;) {
    try {
      const offsets = await admin.fetchTopicOffsets(topic);
      return offsets.reduce((n, p) => n + Number(p.high) - Number(p.low), 0);
    } catch (error) {
      if ((error as { retriable?: boolean }).retriable !== true || Date.now() > until) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

async function main(): Promise<void> {
  const { values: args } = parseArgs({
    options: {
      events: { type: 'string', default: '200000' },
      topic: { type: 'string', default: DEFAULT_TOPIC },
      brokers: { type: 'string' },
      seed: { type: 'string', default: String(DEFAULT_SEED) },
    },
  });
  const events = Number(args.events);
  if (!Number.isInteger(events) || events < 1) throw new TypeError(`--events must be an integer >= 1, got "${args.events}"`);
  const brokers = args.brokers ?? kafkaBrokers({});
  const kafka = new Kafka({ clientId: 'user-activity-load', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  try {
    const topics = await admin.listTopics();
    if (!topics.includes(args.topic)) {
      await admin.createTopics({ topics: [{ topic: args.topic, numPartitions: TOPIC_PARTITIONS }], waitForLeaders: true });
    }
    const already = await recordsIn(admin, args.topic);
    if (already === events) {
      process.stdout.write(`${JSON.stringify({ topic: args.topic, brokers, events, loaded: 0, already })}\n`);
      return;
    }
    if (already !== 0)
      throw new Error(
        `topic "${args.topic}" at ${brokers} already holds ${already} records, not ${events}: empty it (npx twinstorm services reset kafka) or pass another --topic`,
      );
    await producer.connect();
    const started = performance.now();
    let batch: { key: string; value: string }[] = [];
    let sent = 0;
    let nextReport = events / 10;
    for (const e of activityEvents({ seed: Number(args.seed) })) {
      if (e.event_id >= events) break;
      batch.push({ key: e.user_id, value: eventRecord(eventValues(e)) });
      if (batch.length >= SEND_BATCH || e.event_id === events - 1) {
        await producer.send({ topic: args.topic, acks: -1, messages: batch });
        sent += batch.length;
        batch = [];
        if (sent >= nextReport) {
          process.stderr.write(`load: ${sent}/${events} events into ${args.topic}\n`);
          nextReport += events / 10;
        }
      }
    }
    const seconds = (performance.now() - started) / 1000;
    process.stdout.write(
      `${JSON.stringify({ topic: args.topic, brokers, events, loaded: sent, seconds: Math.round(seconds * 10) / 10, perSecond: Math.round(sent / seconds) })}\n`,
    );
  } finally {
    await producer.disconnect();
    await admin.disconnect();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`load: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
