import { BasicBolt, Bolt, TopologyBuilder, type Topology, type Tuple } from '@twinstorm/core';
import { runLocal, type RunSnapshot } from '@twinstorm/local';
import { describe, expect, it } from 'vitest';
import { CORPUS } from './corpus.ts';
import { corpusPrefix, expectedCounts } from './expected-counts.ts';
import { CountBolt, SENTENCES_CONF, SentenceSpout, SplitBolt, WORDCOUNT_CONF, WORDCOUNT_NAME, wordCountBuilder } from './topology.ts';

// The engine runs tasks in this thread, so a capture bolt can hand what it sees to the test through module state.
const captured = new Map<string, Map<string, number[]>>();
const CAPTURE_KEY = 'test.capture.key';

/** Records every [word, count] it receives, per run key. */
class CaptureBolt extends BasicBolt {
  execute(tuple: Tuple): void {
    const key = this.conf[CAPTURE_KEY];
    if (typeof key !== 'string') throw new Error(`conf "${CAPTURE_KEY}" must name the capture`);
    let byWord = captured.get(key);
    if (byWord === undefined) captured.set(key, (byWord = new Map<string, number[]>()));
    const word = tuple.getString('word');
    const counts = byWord.get(word) ?? [];
    counts.push(tuple.getNumber('count'));
    byWord.set(word, counts);
  }
}

/** Fails every 7th sentence it sees (emitting nothing for it), so the spout must replay; passes the rest on. */
class FlakyGateBolt extends Bolt {
  static outputFields = ['sentence'];
  private seen = 0;
  execute(tuple: Tuple): void {
    if (++this.seen % 7 === 0) {
      this.fail(tuple);
      return;
    }
    this.emit([tuple.getString('sentence')], { anchors: [tuple] });
    this.ack(tuple);
  }
}

async function runToCompletion(topology: Topology, sentences: number): Promise<RunSnapshot> {
  const run = runLocal(topology, { maxTuples: sentences, conf: { [SENTENCES_CONF]: sentences } });
  return run.finished;
}

function expectExactCounts(key: string, sentences: number): void {
  const expected = expectedCounts(corpusPrefix(CORPUS, sentences));
  const seen = captured.get(key) ?? new Map<string, number[]>();
  expect(new Set(seen.keys())).toEqual(new Set(expected.keys()));
  for (const [word, total] of expected) {
    const counts = seen.get(word) ?? [];
    // Each word is owned by one CountBolt task, so its running counts arrive as exactly 1, 2, ..., total.
    expect(
      [...counts].sort((a, b) => a - b),
      word,
    ).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    expect(counts[counts.length - 1], word).toBe(total);
  }
}

describe('wordcount topology on the local engine', () => {
  it('counts every word of N sentences exactly once', async () => {
    const sentences = 5_000;
    const key = 'plain';
    const builder = wordCountBuilder();
    builder.setBolt('capture', CaptureBolt, 1).globalGrouping('count');
    const topology = builder.createTopology(WORDCOUNT_NAME, { ...WORDCOUNT_CONF, [CAPTURE_KEY]: key });

    const summary = await runToCompletion(topology, sentences);

    expect(summary.spoutTuples.acked).toBe(sentences);
    expect(summary.spoutTuples.failed).toBe(0);
    expect(summary.lastErrors).toEqual([]);
    expectExactCounts(key, sentences);
  });

  it('splits the sentence numbers among several spout tasks without gaps or duplicates', async () => {
    const sentences = 1_234;
    const key = 'three-spouts';
    const builder = new TopologyBuilder();
    builder.setSpout('sentences', SentenceSpout, 3);
    builder.setBolt('split', SplitBolt, 2).shuffleGrouping('sentences');
    builder.setBolt('count', CountBolt, 3).fieldsGrouping('split', ['word']);
    builder.setBolt('capture', CaptureBolt, 1).globalGrouping('count');
    const topology = builder.createTopology(WORDCOUNT_NAME, { ...WORDCOUNT_CONF, [CAPTURE_KEY]: key });

    const summary = await runToCompletion(topology, sentences);

    expect(summary.spoutTuples.acked).toBe(sentences);
    expect(summary.spoutTuples.failed).toBe(0);
    expectExactCounts(key, sentences);
  });

  it('replays failed sentences until every one is counted exactly once', async () => {
    const sentences = 2_000;
    const key = 'flaky';
    const builder = new TopologyBuilder();
    builder.setSpout('sentences', SentenceSpout, 1);
    builder.setBolt('gate', FlakyGateBolt, 1).shuffleGrouping('sentences');
    builder.setBolt('split', SplitBolt, 2).shuffleGrouping('gate');
    builder.setBolt('count', CountBolt, 2).fieldsGrouping('split', ['word']);
    builder.setBolt('capture', CaptureBolt, 1).globalGrouping('count');
    const topology = builder.createTopology(WORDCOUNT_NAME, { ...WORDCOUNT_CONF, [CAPTURE_KEY]: key });

    const summary = await runToCompletion(topology, sentences);

    expect(summary.spoutTuples.acked).toBe(sentences);
    expect(summary.spoutTuples.failed).toBeGreaterThan(0);
    expectExactCounts(key, sentences);
  });
});
