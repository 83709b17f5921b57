import { Spout, confNumber, type Conf, type TopologyContext } from '@twinstorm/core';
import { CORPUS } from './corpus.ts';

/** Conf key: how many sentences to emit in total (over all spout tasks); unset = cycle through the corpus forever. */
export const SENTENCES_CONF = 'wordcount.sentences';
/** Conf key: sentences per second over all spout tasks (a steady low rate, for latency); unset = as fast as asked. */
export const RATE_CONF = 'wordcount.rate';

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
  /** With a rate: milliseconds between this task's sentences, and when the next one is due (performance.now()). */
  private intervalMs = 0;
  private dueMs = 0;

  override open(conf: Conf, context: TopologyContext): void {
    this.next = context.taskIndex;
    this.step = Math.max(1, context.componentTasks(context.componentId).length);
    this.limit = confNumber(conf, SENTENCES_CONF) ?? Number.POSITIVE_INFINITY;
    const rate = confNumber(conf, RATE_CONF);
    if (rate !== undefined && rate > 0) this.intervalMs = (1000 * this.step) / rate;
  }

  nextTuple(): void {
    const replayId = this.replay.shift();
    if (replayId !== undefined) {
      const sentence = this.pending.get(replayId);
      if (sentence !== undefined) this.emit([sentence], { msgId: replayId });
      return;
    }
    if (this.next >= this.limit || !this.due()) return;
    const msgId = this.next;
    this.next += this.step;
    const sentence = CORPUS[msgId % CORPUS.length] ?? '';
    this.pending.set(msgId, sentence);
    this.emit([sentence], { msgId });
  }

  /** Whether the next new sentence is due (always, without a rate); a stall is not made up for by a burst. */
  private due(): boolean {
    if (this.intervalMs === 0) return true;
    const now = performance.now();
    if (now < this.dueMs) return false;
    this.dueMs = Math.max(this.dueMs + this.intervalMs, now - this.intervalMs);
    return true;
  }

  override ack(msgId: unknown): void {
    this.pending.delete(msgId as number);
  }

  override fail(msgId: unknown): void {
    if (this.pending.has(msgId as number)) this.replay.push(msgId as number);
  }
}
