import { BasicBolt, type Tuple } from '@twinstorm/core';
import { splitWords } from './words.ts';

/** Splits each sentence into lowercase words, one [word] tuple per word (BasicBolt: anchored and acked for us). */
export class SplitBolt extends BasicBolt {
  static outputFields = ['word'];

  execute(tuple: Tuple): void {
    const words = splitWords(tuple.getString('sentence'));
    for (const word of words) this.emit([word]);
  }
}
