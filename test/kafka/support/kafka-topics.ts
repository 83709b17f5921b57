// Topics for one test: created with the partitions it wants, filled with records, read back whole.
import { Kafka, Partitioners, logLevel, type Admin } from 'kafkajs';
import { useServices } from '../../support/services.ts';

/** The brokers tests run against: TWINSTORM_TEST_KAFKA when set, else the loopback broker of `twinstorm services`. */
export async function testBrokers(): Promise<string> {
  return process.env['TWINSTORM_TEST_KAFKA'] ?? (await useServices(['kafka'])).kafka.brokers;
}

function client(brokers: string): Kafka {
  return new Kafka({ clientId: 'twinstorm-tests', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
}

/** A topic name no earlier test used. */
export function freshPrefix(name: string): string {
  return `${name}-${process.pid}-${Date.now().toString(36)}`;
}

/** Creates topics (waiting for their leaders). */
export async function createTopics(brokers: string, topics: Record<string, number>): Promise<void> {
  const admin = client(brokers).admin();
  await admin.connect();
  try {
    await admin.createTopics({
      waitForLeaders: true,
      topics: Object.entries(topics).map(([topic, numPartitions]) => ({ topic, numPartitions })),
    });
  } finally {
    await admin.disconnect();
  }
}

/** Produces values (JSON unless a string) round-robin over the topic's partitions. */
export async function produce(brokers: string, topic: string, values: readonly unknown[]): Promise<void> {
  const producer = client(brokers).producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  try {
    for (let i = 0; i < values.length; i += 1000) {
      await producer.send({
        topic,
        messages: values.slice(i, i + 1000).map((v) => ({ value: typeof v === 'string' ? v : JSON.stringify(v) })),
      });
    }
  } finally {
    await producer.disconnect();
  }
}

/** Every record of a topic now, from the start, as text values (read by offsets, no consumer group). */
export async function readAll(brokers: string, topic: string): Promise<string[]> {
  const kafka = client(brokers);
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const total = ends.reduce((n, e) => n + Number(e.high) - Number(e.low), 0);
  const values: string[] = [];
  if (total === 0) return values;
  const consumer = kafka.consumer({ groupId: `reader-${process.pid}-${Date.now()}-${Math.random()}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`read ${values.length} of ${total} records of ${topic}`)), 30_000);
    void consumer.run({
      eachMessage: async ({ message }) => {
        values.push(message.value?.toString('utf8') ?? '');
        if (values.length >= total) {
          clearTimeout(timer);
          resolve();
        }
      },
    });
  });
  await consumer.disconnect();
  return values;
}

/** The group's committed offset per partition and each partition's end. */
export async function groupPosition(
  brokers: string,
  groupId: string,
  topic: string,
): Promise<Array<{ partition: number; committed: number; end: number }>> {
  const admin: Admin = client(brokers).admin();
  await admin.connect();
  try {
    const ends = await admin.fetchTopicOffsets(topic);
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return ends
      .map((e) => ({
        partition: e.partition,
        committed: Number(committed?.partitions.find((p) => p.partition === e.partition)?.offset ?? -1),
        end: Number(e.high),
      }))
      .sort((a, b) => a.partition - b.partition);
  } finally {
    await admin.disconnect();
  }
}
