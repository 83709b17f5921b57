/**
 * Storm's official storm.py and storm.js inside the local engine: the word count's sentence spout and split bolt,
 * written for those adapters (examples/wordcount/multilang), must give the very counts of the TypeScript topology
 * on the same input. The adapters come from Maven (org.apache.storm:multilang-python / -javascript, via
 * resolveOfficialAdapter) and sit next to the scripts in a temporary resources/ directory, as in Storm's jar.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BasicBolt, type Tuple } from '@twinstorm/core';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS } from '../../../../examples/wordcount/corpus.ts';
import { corpusPrefix, expectedCounts } from '../../../../examples/wordcount/expected-counts.ts';
import { SENTENCES_CONF } from '../../../../examples/wordcount/sentence-spout.ts';
import { splitWords } from '../../../../examples/wordcount/words.ts';
import { multilangWordCountBuilder, prepareResources, type Implementation } from '../../../../examples/wordcount/multilang/topology.ts';
import { resolveOfficialAdapter } from '../support/official-adapters.ts';
import { withRun } from './support.ts';
import { waitFor } from '@twinstorm/core/testing';

const SENTENCES = 1_000;
const CAPTURE_CONF = 'test.capture';
/** Final count per word, per run key: CountBolt emits running counts, so the largest seen is the total. */
const totals = new Map<string, Map<string, number>>();

class CaptureBolt extends BasicBolt {
  execute(tuple: Tuple): void {
    const key = this.conf[CAPTURE_CONF] as string;
    let byWord = totals.get(key);
    if (byWord === undefined) totals.set(key, (byWord = new Map<string, number>()));
    const word = tuple.getString('word');
    byWord.set(word, Math.max(byWord.get(word) ?? 0, tuple.getNumber('count')));
  }
}

let resources = '';

beforeAll(async () => {
  const python = await execa('python3', ['--version'], { reject: false });
  if (python.exitCode !== 0)
    throw new Error(`python3 is needed to run storm.py components and was not found on PATH (${python.shortMessage})`);
  const [py, js] = await Promise.all([resolveOfficialAdapter('python'), resolveOfficialAdapter('javascript')]);
  // Outside the repository: storm.js is CommonJS and must not sit under a package.json with "type": "module".
  resources = await prepareResources(await mkdtemp(join(tmpdir(), 'twinstorm-resources-')), { python: py, javascript: js });
}, 300_000);

afterAll(async () => {
  if (resources !== '') await rm(resources, { recursive: true, force: true });
});

async function countWith(spout: Implementation, split: Implementation): Promise<Map<string, number>> {
  const key = `${spout}+${split}`;
  const builder = multilangWordCountBuilder({ spout, split, resourcesDir: resources });
  builder.setBolt('capture', CaptureBolt).globalGrouping('count');
  const topology = builder.createTopology('wordcount-multilang', { 'topology.max.spout.pending': 200, [CAPTURE_CONF]: key });
  const { summary, harness } = await withRun(topology, { conf: { [SENTENCES_CONF]: SENTENCES } }, async (h) => {
    await waitFor(() => h.run.snapshot().spoutTuples.acked >= SENTENCES, 60_000, `${SENTENCES} sentences acked (${key})`, h);
    await waitFor(() => h.run.isIdle(), 10_000, `the run to go idle (${key})`, h);
  });
  expect(harness.errors, harness.dump()).toEqual([]);
  expect(summary.spoutTuples, key).toMatchObject({ acked: SENTENCES, failed: 0 });
  return totals.get(key) ?? new Map();
}

describe('official multilang adapters inside the local engine', () => {
  let baseline: Map<string, number>;

  beforeAll(async () => {
    baseline = await countWith('ts', 'ts');
    expect(baseline).toEqual(expectedCounts(corpusPrefix(CORPUS, SENTENCES)));
  }, 120_000);

  it('storm.py splits the corpus into the same words as splitWords', async () => {
    const code = [
      'import json, sys, types',
      "sys.modules['storm'] = types.SimpleNamespace(BasicBolt=object)",
      'from split_sentence import split_words',
      'print(json.dumps([split_words(s) for s in json.load(sys.stdin)]))',
    ].join('\n');
    const run = await execa('python3', ['-c', code], {
      cwd: resources,
      input: JSON.stringify(CORPUS),
      env: { PYTHONIOENCODING: 'utf-8', PYTHONDONTWRITEBYTECODE: '1' },
    });
    expect(JSON.parse(run.stdout)).toEqual(CORPUS.map((s) => splitWords(s)));
  });

  it.each<[Implementation, Implementation]>([
    ['ts', 'python'],
    ['python', 'ts'],
    ['python', 'python'],
    ['ts', 'javascript'],
    ['javascript', 'ts'],
    ['javascript', 'javascript'],
  ])('spout %s + split %s counts exactly as the TypeScript topology', async (spout, split) => {
    const counts = await countWith(spout, split);
    expect(counts).toEqual(baseline);
  });
});
