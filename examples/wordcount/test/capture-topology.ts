// Word count with a capture bolt on "count" that writes every [word, count] it gets to a file when it is cleaned up:
// a module (not an in-memory topology), so worker threads can load it too (workers.test.ts runs it both ways).
import { writeFileSync } from 'node:fs';
import { BasicBolt, type Tuple } from '@twinstorm/core';
import { WORDCOUNT_CONF, WORDCOUNT_NAME, wordCountBuilder } from '../topology.ts';

/** Conf key: the file the capture bolt writes (one `word<TAB>count` line per tuple). */
export const CAPTURE_FILE_CONF = 'test.capture.file';

/** Keeps every [word, count] it receives; writes them out in cleanup. */
export class FileCaptureBolt extends BasicBolt {
  private readonly lines: string[] = [];

  execute(tuple: Tuple): void {
    this.lines.push(`${tuple.getString('word')}\t${tuple.getNumber('count')}`);
  }

  override cleanup(): void {
    const file = this.conf[CAPTURE_FILE_CONF];
    if (typeof file !== 'string') throw new Error(`conf "${CAPTURE_FILE_CONF}" must name the capture file`);
    writeFileSync(file, this.lines.join('\n'));
  }
}

export default (() => {
  const builder = wordCountBuilder();
  builder.setBolt('capture', FileCaptureBolt, 1).globalGrouping('count');
  return builder.createTopology(WORDCOUNT_NAME, WORDCOUNT_CONF);
})();
