import { CONF_DEFAULTS, type Conf } from './conf.ts';
import { ConfReader } from './conf-reader.ts';
import type { ErrorSite } from './errors.ts';

/** Conf key: a batch is written once it holds this many tuples (default 1000). */
export const BATCH_MAX_TUPLES_KEY = 'twinstorm.batch.max.tuples';
/** Conf key: a batch is written once its entries take this many bytes (default 1 MiB; 0 turns the byte limit off). */
export const BATCH_MAX_BYTES_KEY = 'twinstorm.batch.max.bytes';
/** The tick frequency a BatchingBolt asks for when none is set: a batch waits at most about this long. */
export const BATCH_TICK_SECS = 1;

const TICK_KEY = 'topology.tick.tuple.freq.secs';
const TIMEOUT_KEY = 'topology.message.timeout.secs';

/** A BatchingBolt's limits, read from its conf. */
export interface BatchSettings {
  readonly maxTuples: number;
  readonly maxBytes: number;
}

/**
 * Reads and checks the batch keys. A batch is written at the latest at the next tick, so the tick period must be
 * shorter than the message timeout, or every batch that does not fill would time out and replay before it is written.
 */
export function readBatchSettings(conf: Conf, site: ErrorSite): BatchSettings {
  const read = new ConfReader(conf, site);
  const settings = {
    maxTuples: read.integer(BATCH_MAX_TUPLES_KEY, 1000, 1),
    maxBytes: read.integer(BATCH_MAX_BYTES_KEY, 1 << 20, 0),
  };
  const tick = conf[TICK_KEY];
  const timeout = conf[TIMEOUT_KEY] ?? CONF_DEFAULTS[TIMEOUT_KEY];
  if (typeof tick === 'number' && typeof timeout === 'number' && tick >= timeout) {
    throw read.problem(
      TICK_KEY,
      `must be below "${TIMEOUT_KEY}" (${timeout}) for a batching bolt: a batch waits for the next tick, and would time out first`,
    );
  }
  return settings;
}
