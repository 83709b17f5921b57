import { describe, expect, it } from 'vitest';
import { CORPUS } from './corpus.ts';
import { corpusPrefix, expectedCounts } from './expected-counts.ts';
import { splitWords } from './words.ts';

describe('splitWords', () => {
  it('lowercases and splits on punctuation and spaces', () => {
    expect(splitWords('To be, or not to be: that is the question.')).toEqual([
      'to',
      'be',
      'or',
      'not',
      'to',
      'be',
      'that',
      'is',
      'the',
      'question',
    ]);
  });

  it('keeps digits and splits on dots and hyphens', () => {
    expect(splitWords('Version 2.8.1 — at-least-once')).toEqual(['version', '2', '8', '1', 'at', 'least', 'once']);
  });

  it('keeps non-ASCII letters and combining marks inside words', () => {
    expect(splitWords('Crème brûlée, Straße; Москва!')).toEqual(['crème', 'brûlée', 'straße', 'москва']);
    expect(splitWords('cafe\u0301 au lait')).toEqual(['cafe\u0301', 'au', 'lait']);
    expect(splitWords('東京は日本の首都です。')).toEqual(['東京は日本の首都です']);
  });

  it('drops emoji and empty pieces', () => {
    expect(splitWords('  🚀 rockets 🚀  ')).toEqual(['rockets']);
    expect(splitWords('')).toEqual([]);
    expect(splitWords('   ')).toEqual([]);
  });

  it('folds case the same way for every spelling', () => {
    expect(splitWords('the THE The tHe')).toEqual(['the', 'the', 'the', 'the']);
  });
});

describe('expectedCounts', () => {
  it('counts every word of every sentence', () => {
    const counts = expectedCounts(['a b a', 'B c']);
    expect(Object.fromEntries(counts)).toEqual({ a: 2, b: 2, c: 1 });
  });

  it('scales linearly with whole passes over the corpus', () => {
    const once = expectedCounts(CORPUS);
    const thrice = expectedCounts(corpusPrefix(CORPUS, CORPUS.length * 3));
    for (const [word, n] of once) expect(thrice.get(word)).toBe(n * 3);
    expect(thrice.size).toBe(once.size);
  });

  it('corpusPrefix cycles through the corpus', () => {
    const prefix = corpusPrefix(CORPUS, CORPUS.length + 2);
    expect(prefix[CORPUS.length]).toBe(CORPUS[0]);
    expect(prefix[CORPUS.length + 1]).toBe(CORPUS[1]);
  });
});
