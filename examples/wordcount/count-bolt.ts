import { Bolt, type Tuple } from '@twinstorm/core';

/**
 * Counts words and emits the running [word, count], anchored to the input, then acks it. Fields
 * grouping on `word` makes each task the only owner of its words, so its counts are the totals.
 */
export class CountBolt extends Bolt {
  static outputFields = ['word', 'count'];

  private readonly counts = new Map<string, number>();

  execute(tuple: Tuple): void {
    const word = tuple.getString('word');
    const count = (this.counts.get(word) ?? 0) + 1;
    this.counts.set(word, count);
    this.emit([word, count], { anchors: [tuple] });
    this.ack(tuple);
  }
}
