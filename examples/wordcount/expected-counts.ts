import { splitWords } from './words.ts';

/** What CountBolt's final counts must be after every sentence is processed once: the oracle of the tests. */
export function expectedCounts(sentences: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const sentence of sentences) {
    for (const word of splitWords(sentence)) counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  return counts;
}

/** The first `n` sentences SentenceSpout emits (it cycles through the corpus), so tests can feed expectedCounts. */
export function corpusPrefix(corpus: readonly string[], n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(corpus[i % corpus.length] ?? '');
  return out;
}
