import { BasicBolt, type Conf, type TopologyContext, type Tuple } from '@twinstorm/core';
import { confString, DEFAULT_OUTPUT_DIR } from './conf.ts';
import { AppendFile, taskFilePath } from './output-file.ts';
import { PostgresTables } from './postgres-tables.ts';
import { confChoice, SINK_CONF } from './services.ts';
import { join } from 'node:path';

/** Conf key: the JSON-lines file dead letters are appended to (file sink). */
export const DEAD_LETTERS_PATH_CONF = 'useractivity.deadletters.path';

/**
 * Keeps the records the spout could not turn into events (not JSON, a field missing or wrong, failed too often),
 * with the reason: a JSON line per record, or a row of `dead_letters` keyed by the record's position with
 * `useractivity.sink=postgres`. Acked once stored, so the queue commits past the record and nothing else waits.
 */
export class DeadLetterBolt extends BasicBolt {
  private file: AppendFile | undefined;
  private tables: PostgresTables | undefined;

  override prepare(conf: Conf, context: TopologyContext): void {
    if (confChoice(conf, SINK_CONF, ['file', 'postgres'], 'file') === 'postgres') {
      this.tables = new PostgresTables(conf, (error) => this.reportError(error));
      return;
    }
    const path = confString(conf, DEAD_LETTERS_PATH_CONF) ?? join(DEFAULT_OUTPUT_DIR, 'dead-letters.jsonl');
    this.file = new AppendFile(taskFilePath(path, context), (error) => this.reportError(error));
  }

  execute(tuple: Tuple): void | Promise<void> {
    const value = tuple.get('value');
    const row = {
      source: `${String(tuple.get('topic'))}/${String(tuple.get('partition'))}@${String(tuple.get('offset'))}`,
      reason: String(tuple.get('reason')),
      value: value === null || value === undefined ? null : typeof value === 'string' ? value : JSON.stringify(value),
    };
    if (this.tables !== undefined) return this.tables.insertDeadLetters([row]).then(() => undefined);
    if (this.file !== undefined && !this.file.write(`${JSON.stringify(row)}\n`)) return this.file.drained();
  }

  override async cleanup(): Promise<void> {
    await this.file?.close();
    await this.tables?.close();
  }
}
