// The scorer's baselines in keyed state: after a crash the task restores them, and events replayed from the source
// (those after the last commit, and committed ones whose downstream work was lost) get the scores an uninterrupted run
// gave them. Without the restored state (a fresh task) the same events score differently.
import { BoltDriver } from '@twinstorm/testkit';
import { describe, expect, it } from 'vitest';
import { enrich } from './enrich.ts';
import { ENRICHED_FIELDS, enrichedValues } from './fields.ts';
import { generateEvents } from './generator.ts';
import { ScorerBolt } from './scorer-bolt.ts';

const EVENTS = generateEvents(3000).map(enrich);
const FROM_ENRICH = { component: 'enrich', fields: ENRICHED_FIELDS };
const SCORE = ENRICHED_FIELDS.length;

/** A scorer task over its own state namespace. */
const scorer = (topologyName: string) => BoltDriver.start(ScorerBolt, { topologyName, conf: { 'topology.max.spout.pending': 2000 } });

/** The score (and reasons) the driver's bolt emitted last for each event id. */
function scores(d: BoltDriver<ScorerBolt>, into = new Map<number, string>()): Map<number, string> {
  for (const e of d.emitted) into.set(e.values[0] as number, `${String(e.values[SCORE])}|${String(e.values[SCORE + 1])}`);
  return into;
}

async function send(d: BoltDriver<ScorerBolt>, from: number, to: number): Promise<void> {
  for (const e of EVENTS.slice(from, to)) await d.send(enrichedValues(e), FROM_ENRICH);
}

describe('user-activity scorer: baselines in keyed state', () => {
  it('restores the baselines after a crash; replayed events get their first scores and are not learned twice', async () => {
    const clean = await scorer('keyed-clean');
    await send(clean, 0, EVENTS.length);
    const expected = scores(clean);

    const d = await scorer('keyed-crash');
    await send(d, 0, 1500);
    await d.advance(1000); // commit (the default interval): the baselines hold events 0..1499
    await send(d, 1500, 1800); // not committed
    const seen = scores(d);
    const unacked = await d.crash();
    expect(unacked).toHaveLength(300);
    expect(Object.keys(d.state()).length, 'users restored').toBeGreaterThan(10);
    // The spout replays from an older offset: committed events whose downstream effects died with the engine, then the rest.
    await send(d, 1200, 1500);
    await d.replay(unacked);
    await send(d, 1800, EVENTS.length);
    const after = scores(d, seen);
    const differing = [...expected].filter(([id, s]) => after.get(id) !== s);
    expect(differing, 'scores that differ from the uninterrupted run').toEqual([]);
  });

  it('without the restored baselines (a fresh task) the same events score differently', async () => {
    const clean = await scorer('keyed-clean-2');
    await send(clean, 0, EVENTS.length);
    const expected = scores(clean);
    const first = await scorer('keyed-lost-a');
    await send(first, 0, 1500);
    const fresh = await scorer('keyed-lost-b'); // the state is gone: a new namespace
    await send(fresh, 1500, EVENTS.length);
    const after = scores(fresh, scores(first));
    const differing = [...expected].filter(([id, s]) => after.get(id) !== s);
    expect(differing.length, 'events scored differently after losing the baselines').toBeGreaterThan(20);
  });
});
