import { Bolt, type Conf, type TopologyContext, type Tuple } from '@twinstorm/core';
import { confCount, SAVER_BATCH_CONF, savedPath } from './conf.ts';
import type { RiskedEvent } from './event.ts';
import { riskedFromTuple } from './fields.ts';
import { AppendFile, taskFilePath } from './output-file.ts';
import { PostgresTables } from './postgres-tables.ts';
import { confChoice, SINK_CONF } from './services.ts';

/** How often the saver flushes a partial batch: set as this component's tick frequency. */
export const SAVER_TICK_SECS = 1;

/**
 * Stores scored activity in batches: a batch is written when it is full or on a tick tuple (so a quiet stream still
 * gets flushed). `useractivity.sink` picks where: `file` (the default) appends JSON lines and acks once the write is
 * handed to the file stream (after it drains, when it is backed up, so max pending throttles the topology to the
 * disk); `postgres` inserts the batch in one transaction into scored_activity, keyed by event_id (a replayed event
 * adds no row), acks its tuples after COMMIT and fails them all when the transaction fails.
 */
export class SaverBolt extends Bolt {
  private file: AppendFile | undefined;
  private tables: PostgresTables | undefined;
  private batchSize = 200;
  private rows: RiskedEvent[] = [];
  private held: Tuple[] = [];

  override prepare(conf: Conf, context: TopologyContext): void {
    this.batchSize = confCount(conf, SAVER_BATCH_CONF, 200);
    if (confChoice(conf, SINK_CONF, ['file', 'postgres'], 'file') === 'postgres') {
      this.tables = new PostgresTables(conf, (error) => this.reportError(error));
      this.log('writing scored activity to PostgreSQL table scored_activity');
      return;
    }
    this.file = new AppendFile(taskFilePath(savedPath(conf), context), (error) => this.reportError(error));
    this.log(`writing scored activity to ${this.file.path}`);
  }

  execute(tuple: Tuple): void | Promise<void> {
    if (tuple.isTick()) {
      this.ack(tuple);
      return this.flush();
    }
    this.rows.push(riskedFromTuple(tuple));
    this.held.push(tuple);
    if (this.held.length >= this.batchSize) return this.flush();
  }

  override async cleanup(): Promise<void> {
    // Tuples still held were never acked: the file gets their lines anyway and Storm would replay them (at least once).
    if (this.rows.length > 0) this.file?.write(linesOf(this.rows));
    this.rows = [];
    this.held = [];
    await this.file?.close();
    await this.tables?.close();
  }

  private flush(): void | Promise<void> {
    if (this.held.length === 0) return;
    const tuples = this.held;
    const rows = this.rows;
    this.held = [];
    this.rows = [];
    if (this.tables !== undefined) {
      return this.tables.insertScored(rows as unknown as Record<string, unknown>[]).then(
        () => tuples.forEach((t) => this.ack(t)),
        (error: unknown) => {
          this.reportError(error);
          tuples.forEach((t) => this.fail(t));
        },
      );
    }
    if (this.file === undefined) return;
    if (this.file.write(linesOf(rows))) {
      for (const t of tuples) this.ack(t);
      return;
    }
    return this.file.drained().then(() => {
      for (const t of tuples) this.ack(t);
    });
  }
}

function linesOf(rows: readonly RiskedEvent[]): string {
  let text = '';
  for (const r of rows) text += `${JSON.stringify(r)}\n`;
  return text;
}
