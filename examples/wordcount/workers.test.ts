import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTopology, runLocal, type RunSnapshot } from '@twinstorm/local';
import { afterAll, describe, expect, it } from 'vitest';
import { CORPUS } from './corpus.ts';
import { corpusPrefix, expectedCounts } from './expected-counts.ts';
import { SENTENCES_CONF } from './topology.ts';
import { CAPTURE_FILE_CONF } from './test/capture-topology.ts';

const MODULE = new URL('./test/capture-topology.ts', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'twinstorm-wordcount-workers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every task declared heavy, so two workers really spread the topology over two threads. */
const SPREAD = { 'topology.component.cpu.pcore.percent': 100 };

async function countWith(workers: number, sentences: number): Promise<{ summary: RunSnapshot; counts: Map<string, number[]> }> {
  const file = join(dir, `counts-${workers}.tsv`);
  const topology = await loadTopology(MODULE);
  const run = runLocal(topology, {
    workers,
    maxTuples: sentences,
    conf: { ...SPREAD, [SENTENCES_CONF]: sentences, [CAPTURE_FILE_CONF]: file },
  });
  const summary = await run.finished;
  const counts = new Map<string, number[]>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const [word, count] = line.split('\t');
    counts.set(word!, [...(counts.get(word!) ?? []), Number(count)]);
  }
  return { summary, counts };
}

describe('wordcount with --workers 1 and --workers 2', () => {
  it('counts every word identically, and exactly, on one thread and spread over two worker threads', async () => {
    const sentences = 5_000;
    const one = await countWith(1, sentences);
    const two = await countWith(2, sentences);
    expect(two.summary.workers?.length).toBe(2);
    for (const { summary } of [one, two]) {
      expect(summary.spoutTuples).toMatchObject({ acked: sentences, failed: 0, pending: 0 });
      expect(summary.lastErrors).toEqual([]);
    }
    const sorted = (m: Map<string, number[]>): Array<[string, number[]]> =>
      [...m].map(([w, c]) => [w, [...c].sort((a, b) => a - b)] as [string, number[]]).sort();
    expect(sorted(two.counts)).toEqual(sorted(one.counts));
    const expected = expectedCounts(corpusPrefix(CORPUS, sentences));
    for (const [word, total] of expected)
      expect(
        two.counts.get(word)!.sort((a, b) => a - b),
        word,
      ).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    expect(two.counts.size).toBe(expected.size);
    for (const id of ['sentences', 'split', 'count', 'capture'])
      expect(two.summary.components[id], id).toMatchObject({
        executed: one.summary.components[id]!.executed,
        emitted: one.summary.components[id]!.emitted,
      });
  });
});
