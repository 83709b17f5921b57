import { Spout, confNumber, type Conf, type TopologyContext } from '@twinstorm/core';
import { CORPUS } from './corpus.ts';

/** Conf key: how many sentences to emit in total (over all spout tasks); unset = cycle through the corpus forever. */
export const SENTENCES_CONF = 'wordcount.sentences';

/**
 * Emits the corpus as [sentence], reliably: every tuple carries its sentence number as msgId, failed
 * ones are replayed before new ones, and acked ones are forgotten. With several tasks, task k emits
 * sentence numbers k, k + n, k + 2n, ... so the tasks together emit each sentence number once.
 */
export class SentenceSpout extends Spout {
  static outputFields = ['sentence'];

  /** Emitted but not yet acked: msgId -> sentence. */
  private readonly pending = new Map<number, string>();
  /** Failed msgIds waiting to be re-emitted, oldest first. */
  private readonly replay: number[] = [];
  private next = 0;
  private step = 1;
  private limit = Number.POSITIVE_INFINITY;

  override open(conf: Conf, context: TopologyContext): void {
    this.next = context.taskIndex;
    this.step = Math.max(1, context.componentTasks(context.componentId).length);
    this.limit = confNumber(conf, SENTENCES_CONF) ?? Number.POSITIVE_INFINITY;
  }

  nextTuple(): void {
    const replayId = this.replay.shift();
    if (replayId !== undefined) {
      const sentence = this.pending.get(replayId);
      if (sentence !== undefined) this.emit([sentence], { msgId: replayId });
      return;
    }
    if (this.next >= this.limit) return;
    const msgId = this.next;
    this.next += this.step;
    const sentence = CORPUS[msgId % CORPUS.length] ?? '';
    this.pending.set(msgId, sentence);
    this.emit([sentence], { msgId });
  }

  override ack(msgId: unknown): void {
    this.pending.delete(msgId as number);
  }

  override fail(msgId: unknown): void {
    if (this.pending.has(msgId as number)) this.replay.push(msgId as number);
  }
}
