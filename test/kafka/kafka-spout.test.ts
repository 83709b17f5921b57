// KafkaSpout against a real broker on the local engine: every record reaches the output at least once, failures are
// retried, the ones that fail for good reach the dead-letter stream, and the group's offsets end at the partitions' ends.
import { fileURLToPath } from 'node:url';
import { loadTopology, runLocal } from '@twinstorm/local';
import { describe, expect, it } from 'vitest';
import { createTopics, freshPrefix, groupPosition, produce, readAll, testBrokers } from './support/kafka-topics.ts';

const RELAY = fileURLToPath(new URL('./fixtures/relay.ts', import.meta.url));
const IDLE_POLL_MS = 50;

/** Runs the relay until the local engine is idle for 500 ms (what --until-idle does), with the given conf. */
async function runRelayUntilIdle(conf: Record<string, string | number>, workers = 1): Promise<void> {
  const topology = await loadTopology(RELAY);
  const run = runLocal(topology, { conf, workers });
  await run.started;
  let idleSince: number | undefined;
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, IDLE_POLL_MS));
    if (!run.isIdle()) idleSince = undefined;
    else if (Date.now() - (idleSince ??= Date.now()) >= 500) break;
  }
  const snapshot = await run.stop('test done');
  expect(Date.now(), 'the run never became idle').toBeLessThan(deadline);
  expect(snapshot.lastErrors, JSON.stringify(snapshot.lastErrors)).toEqual([]);
}

describe('KafkaSpout on the local engine', { timeout: 180_000 }, () => {
  it('relays every record at least once, retries failures, dead-letters what fails 3 times, and commits to the end', async () => {
    const brokers = await testBrokers();
    const prefix = freshPrefix('relay');
    await createTopics(brokers, { [`${prefix}-in`]: 4, [`${prefix}-out`]: 1, [`${prefix}-dead`]: 1 });
    const n = 2000;
    // Every 10th record fails once, every 100th three times (kafka.spout.max.tries): those go to the dead letters.
    const records = Array.from({ length: n }, (_, id) => ({ id, fail: id % 100 === 0 ? 3 : id % 10 === 0 ? 1 : 0 }));
    await produce(brokers, `${prefix}-in`, [...records, 'not json {', '{"id": 2000']);
    const groupId = `${prefix}-group`;
    await runRelayUntilIdle({ 'kafka.brokers': brokers, 'kafka.topic': `${prefix}-in`, 'kafka.group.id': groupId, 'relay.prefix': prefix });

    const out = (await readAll(brokers, `${prefix}-out`)).map((v) => JSON.parse(v) as { id: number; tries: number });
    const outIds = new Set(out.map((o) => o.id));
    const expectedOut = records.filter((r) => r.fail < 3).map((r) => r.id);
    expect(
      expectedOut.filter((id) => !outIds.has(id)),
      'lost',
    ).toEqual([]);
    expect(out.find((o) => o.id === 10)?.tries).toBe(2);

    const dead = (await readAll(brokers, `${prefix}-dead`)).map(
      (v) => JSON.parse(v) as { value: string; reason: string; tries: number; offset: number },
    );
    const deadIds = dead.filter((d) => d.reason.startsWith('failed')).map((d) => (JSON.parse(d.value) as { id: number }).id);
    expect(new Set(deadIds)).toEqual(new Set(records.filter((r) => r.fail >= 3).map((r) => r.id)));
    expect(
      dead
        .filter((d) => d.reason.startsWith('failed'))
        .every((d) => d.reason === 'failed 3 times (kafka.spout.max.tries)' && d.tries === 3),
    ).toBe(true);
    const badJson = dead.filter((d) => d.reason.startsWith('value is not valid JSON'));
    expect(badJson.map((d) => d.value).sort()).toEqual(['not json {', '{"id": 2000'].sort());
    expect(badJson.every((d) => d.tries === 0)).toBe(true);

    const position = await groupPosition(brokers, groupId, `${prefix}-in`);
    expect(
      position.every((p) => p.committed === p.end),
      JSON.stringify(position),
    ).toBe(true);
    expect(position.reduce((s, p) => s + p.end, 0)).toBe(n + 2);
  });
});
