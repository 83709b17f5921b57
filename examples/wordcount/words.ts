// Runs of anything that is not a letter, a combining mark or a digit separate words (Unicode-aware).
const SEPARATORS = /[^\p{L}\p{M}\p{N}]+/u;

/** Tokenises a sentence the way SplitBolt does: lowercase, split on non-letters/digits, drop empty pieces. */
export function splitWords(sentence: string): string[] {
  const pieces = sentence.toLowerCase().split(SEPARATORS);
  const words: string[] = [];
  for (const piece of pieces) if (piece.length > 0) words.push(piece);
  return words;
}
