import { Bolt, type Conf, type TopologyContext, type Tuple } from '@twinstorm/core';
import { confCount, SAVER_BATCH_CONF, savedPath } from './conf.ts';
import { riskedFromTuple } from './fields.ts';
import { AppendFile, taskFilePath } from './output-file.ts';

/** How often the saver flushes a partial batch: set as this component's tick frequency. */
export const SAVER_TICK_SECS = 1;

/**
 * Stores scored activity as JSON lines, one per event, in batches: a batch is written when it is full
 * or on a tick tuple (so a quiet stream still gets flushed), and its tuples are acked once the write is
 * handed to the file stream. When the stream is backed up, the acks wait for it to drain, so the
 * spout's max pending throttles the topology to the disk's pace.
 */
export class SaverBolt extends Bolt {
  private file: AppendFile | undefined;
  private batchSize = 200;
  private lines: string[] = [];
  private held: Tuple[] = [];

  override prepare(conf: Conf, context: TopologyContext): void {
    this.batchSize = confCount(conf, SAVER_BATCH_CONF, 200);
    this.file = new AppendFile(taskFilePath(savedPath(conf), context), (error) => this.reportError(error));
    this.log(`writing scored activity to ${this.file.path}`);
  }

  execute(tuple: Tuple): void | Promise<void> {
    if (tuple.isTick()) {
      this.ack(tuple);
      return this.flush();
    }
    this.lines.push(`${JSON.stringify(riskedFromTuple(tuple))}\n`);
    this.held.push(tuple);
    if (this.held.length >= this.batchSize) return this.flush();
  }

  override async cleanup(): Promise<void> {
    // Tuples still held were never acked: their lines are written, and Storm would replay them (at least once).
    if (this.lines.length > 0) this.file?.write(this.lines.join(''));
    this.lines = [];
    this.held = [];
    await this.file?.close();
  }

  private flush(): void | Promise<void> {
    if (this.held.length === 0 || this.file === undefined) return;
    const tuples = this.held;
    const text = this.lines.join('');
    this.held = [];
    this.lines = [];
    if (this.file.write(text)) {
      for (const t of tuples) this.ack(t);
      return;
    }
    return this.file.drained().then(() => {
      for (const t of tuples) this.ack(t);
    });
  }
}
