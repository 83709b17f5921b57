import { Spout, type Conf, type TopologyContext } from '@twinstorm/core';
import { connectRedis, type RedisClient } from './client.ts';
import { describeConnection, scrubbedErrorText, type DefaultRedisUrl, type RedisConnection } from './connection.ts';
import { servicesRedisUrl } from './default-url.ts';
import { RedisConnectorError } from './errors.ts';
import { readStreamSpoutSettings, type RedisStreamSpoutSettings } from './spout-conf.ts';
import { StreamLedger, type StreamEmission, type StreamEntry } from './stream-ledger.ts';

/** The stream entries delivered too often, or that cannot be decoded, go to (declared, so a bolt can route them). */
export const DEAD_LETTER_STREAM = 'dead-letter';

/** The fields of the default stream: the Redis stream's key, the entry id (also the msgId) and the entry's value. */
export const REDIS_STREAM_FIELDS = ['stream', 'id', 'value'] as const;

/** How often, at most, a caught-up task asks the server whether its group has entries left (for `--until-idle`). */
const LAG_CHECK_MS = 500;
/** Wait after a failed read or claim before the next one (the client reconnects meanwhile). */
const RETRY_MS = 500;

/** XREADGROUP's reply as node-redis gives it with RESP2 (null when BLOCK ran out). */
type ReadGroupReply = { messages: { id: string; message: Record<string, string> }[] }[] | null;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Reads a Redis stream at least once through a consumer group: one consumer per task (named `<component>-<task
 * index>`) reads new entries with XREADGROUP; an entry is XACKed when its tuple tree completes; a failed or timed-out
 * entry stays pending, and so do those of a crashed task, until a consumer of the group reclaims it with XAUTOCLAIM
 * after `redis.spout.claim.idle.ms`; once an entry was delivered `redis.spout.max.deliveries` times without an ack it
 * goes to the `dead-letter` stream, and is XACKed when that tuple is acked.
 */
export class RedisStreamSpout extends Spout {
  static readonly outputs = {
    default: [...REDIS_STREAM_FIELDS],
    [DEAD_LETTER_STREAM]: [...REDIS_STREAM_FIELDS, 'reason', 'deliveries'],
  };

  /** Where the URL comes from when `redis.url` is unset: the running `twinstorm services`. */
  static defaultUrl: DefaultRedisUrl = servicesRedisUrl;

  /** Build-time check of the redis.* keys (the URL may still come from --conf or `twinstorm services` at open). */
  static checkConf(conf: Conf): void {
    readStreamSpoutSettings(conf, {}, this.defaultUrl, false);
  }

  #settings!: RedisStreamSpoutSettings;
  #connection!: RedisConnection;
  #ledger!: StreamLedger;
  #site: { component: string; task: number } = { component: '', task: 0 };
  #group = '';
  #consumer = '';
  /** Non-blocking commands: XACK, XAUTOCLAIM, XPENDING, XINFO. */
  #commands: RedisClient | undefined;
  /** The blocking XREADGROUP loop's own connection. */
  #reader: RedisClient | undefined;
  #reading: Promise<void> | undefined;
  #claimTimer: ReturnType<typeof setInterval> | undefined;
  #claiming = false;
  #claimCursor = '0-0';
  #flushScheduled = false;
  #flushing: Promise<void> | undefined;
  #wakeReader: (() => void) | undefined;
  #caughtUp = false;
  #lagCheck: Promise<void> | undefined;
  #lagCheckedAt = 0;
  /** Bumped by every entry read or reclaimed, so a lag check that started before one does not count. */
  #arrivals = 0;
  #closed = false;

  override async open(conf: Conf, context: TopologyContext): Promise<void> {
    const ctor = this.constructor as typeof RedisStreamSpout;
    this.#site = { component: context.componentId, task: context.taskId };
    this.#settings = readStreamSpoutSettings(conf, this.#site, ctor.defaultUrl, true);
    this.#connection = this.#settings.connection!;
    this.#ledger = new StreamLedger(this.#settings.maxDeliveries);
    this.#group = this.#settings.group ?? `twinstorm-${context.topologyName}-${context.componentId}`;
    this.#consumer = `${context.componentId}-${context.taskIndex}`;
    const onError = (message: string): void => this.log(message, 'warn');
    this.#commands = await connectRedis(this.#connection, this.#site, onError, `spout's commands`);
    try {
      this.#reader = await connectRedis(this.#connection, this.#site, onError, `spout's reads`);
      await this.#ensureGroup();
    } catch (error) {
      this.#disconnect();
      throw error;
    }
    this.#reading = this.#readLoop();
    this.#claimTimer = setInterval(() => void this.#claim(), this.#settings.claimIntervalMs);
    this.#claimTimer.unref();
  }

  override nextTuple(): void {
    const emission = this.#ledger.next();
    if (emission === undefined) return;
    this.#emit(emission);
    if (this.#ledger.buffered < this.#settings.batchEntries) this.#wakeReader?.();
  }

  override ack(msgId: unknown): void {
    if (!this.#ledger.ack(msgId as string)) return;
    this.#scheduleFlush();
    this.#wakeReader?.();
  }

  override fail(msgId: unknown): void {
    if (this.#ledger.fail(msgId as string)) this.#wakeReader?.();
  }

  /** True while entries are held or acks wait for XACK, or the group is not known to have delivered and acked everything. */
  override mayStillEmit(): boolean {
    if (this.#ledger.holding > 0 || this.#ledger.acksDue || this.#flushing !== undefined) return true;
    if (this.#caughtUp) return false;
    if (this.#lagCheck === undefined && Date.now() - this.#lagCheckedAt >= LAG_CHECK_MS) this.#lagCheck = this.#checkLag();
    return true;
  }

  override async deactivate(): Promise<void> {
    await this.#flushAcks();
  }

  override async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#claimTimer);
    this.#wakeReader?.();
    await this.#flushAcks();
    this.#disconnect();
    await this.#reading;
  }

  #emit({ entry, deadReason }: StreamEmission): void {
    const s = this.#settings;
    let value: unknown = entry.fields;
    let reason = deadReason;
    if (reason === undefined && s.valueFormat === 'json') {
      const text = entry.fields[s.valueField];
      if (text === undefined) {
        reason = `entry has no field "${s.valueField}" (redis.value.field)`;
      } else {
        try {
          value = JSON.parse(text);
        } catch (error) {
          reason = `field "${s.valueField}" is not valid JSON (redis.value.format "json"): ${(error as Error).message}`;
        }
      }
    }
    if (reason === undefined) {
      this.emit([s.stream, entry.id, value], { msgId: entry.id });
    } else {
      this.emit([s.stream, entry.id, entry.fields, reason, entry.deliveries], { stream: DEAD_LETTER_STREAM, msgId: entry.id });
    }
  }

  /** Creates the group (and the stream) unless it exists; an existing group keeps its position. */
  async #ensureGroup(): Promise<void> {
    const start = this.#settings.groupStart === 'earliest' ? '0' : '$';
    try {
      await this.#commands!.xGroupCreate(this.#settings.stream, this.#group, start, { MKSTREAM: true });
    } catch (error) {
      if (!String((error as Error).message).startsWith('BUSYGROUP'))
        throw this.#commandError(`cannot create consumer group "${this.#group}"`, error);
    }
  }

  /** Reads new entries while the task has room for them, blocking up to `redis.spout.block.ms` per read. */
  async #readLoop(): Promise<void> {
    const s = this.#settings;
    while (!this.#closed) {
      // At most two reads wait in the buffer, so an entry is emitted long before another consumer may reclaim it.
      const room = Math.min(s.maxPending - this.#ledger.holding, 2 * s.batchEntries - this.#ledger.buffered);
      if (room <= 0) {
        await new Promise<void>((resolve) => (this.#wakeReader = resolve));
        this.#wakeReader = undefined;
        continue;
      }
      try {
        const reply = (await this.#reader!.xReadGroup(
          this.#group,
          this.#consumer,
          { key: s.stream, id: '>' },
          { COUNT: Math.min(s.batchEntries, room), BLOCK: s.blockMs },
        )) as ReadGroupReply;
        for (const stream of reply ?? []) {
          for (const m of stream.messages) this.#arrived({ id: m.id, fields: m.message, deliveries: 1 });
        }
      } catch (error) {
        if (this.#closed) return;
        await this.#recover(`XREADGROUP on "${s.stream}"`, error);
      }
    }
  }

  /** Takes entries reclaimed from consumers that left them pending longer than the idle time (this one included). */
  async #claim(): Promise<void> {
    const s = this.#settings;
    const room = s.maxPending - this.#ledger.holding;
    if (this.#claiming || this.#closed || room <= 0) return;
    this.#claiming = true;
    try {
      const commands = this.#commands!;
      const reply = await commands.xAutoClaim(s.stream, this.#group, this.#consumer, s.claimIdleMs, this.#claimCursor, {
        COUNT: Math.min(s.batchEntries, room),
      });
      this.#claimCursor = reply.nextId;
      const claimed = reply.messages.filter((m) => m !== null);
      if (claimed.length === 0) return;
      // XAUTOCLAIM counted this delivery; XPENDING tells how many there were (the entries are this consumer's now).
      const pending = await commands.xPendingRange(s.stream, this.#group, claimed[0]!.id, claimed.at(-1)!.id, claimed.length, {
        consumer: this.#consumer,
      });
      const deliveries = new Map(pending.map((p) => [p.id, p.deliveriesCounter]));
      for (const m of claimed) {
        this.#arrived({ id: m.id, fields: m.message, deliveries: deliveries.get(m.id) ?? 2 });
      }
    } catch (error) {
      if (!this.#closed) await this.#recover(`XAUTOCLAIM on "${s.stream}"`, error);
    } finally {
      this.#claiming = false;
    }
  }

  #arrived(entry: StreamEntry): void {
    if (this.#ledger.add(entry)) {
      this.#arrivals++;
      this.#caughtUp = false;
    }
  }

  /** A read or claim failed: a vanished group (the stream was deleted or reset) is created again; anything else is reported. */
  async #recover(what: string, error: unknown): Promise<void> {
    const text = scrubbedErrorText(error, this.#connection);
    if (text.startsWith('NOGROUP')) {
      this.log(`${what}: the consumer group "${this.#group}" is gone (stream deleted?); creating it again`, 'warn');
      await this.#ensureGroup().catch((e: unknown) => this.reportError(e));
    } else {
      this.reportError(this.#commandError(what, error));
    }
    await sleep(RETRY_MS);
  }

  #scheduleFlush(): void {
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    setImmediate(() => {
      this.#flushScheduled = false;
      void this.#flushAcks();
    });
  }

  /** XACKs every acked id in one command; one flush at a time (a call during one waits for it, then flushes again). */
  #flushAcks(): Promise<void> {
    const running = this.#flushing;
    if (running !== undefined) return running.then(() => this.#flushAcks());
    const ids = this.#ledger.takeAcked();
    if (ids.length === 0 || this.#commands === undefined) return Promise.resolve();
    const done = this.#commands
      .xAck(this.#settings.stream, this.#group, ids)
      .then(
        () => undefined,
        (error: unknown) => {
          // Still pending in the group: acknowledged by the next flush (or reclaimed and replayed: at least once).
          this.#ledger.unacked(ids);
          this.log(`XACK of ${ids.length} entries failed, retried at the next ack: ${scrubbedErrorText(error, this.#connection)}`, 'warn');
        },
      )
      .finally(() => {
        this.#flushing = undefined;
      });
    this.#flushing = done;
    return done;
  }

  /** Caught up when the group has delivered the stream's last entry and nothing is pending in it (for any consumer). */
  async #checkLag(): Promise<void> {
    const arrivalsBefore = this.#arrivals;
    try {
      const commands = this.#commands!;
      const [groups, stream] = await Promise.all([
        commands.xInfoGroups(this.#settings.stream),
        commands.xInfoStream(this.#settings.stream),
      ]);
      const group = groups.find((g) => g.name === this.#group);
      const lastId = stream['last-generated-id'];
      const done = group !== undefined && group.pending === 0 && group['last-delivered-id'] === lastId;
      if (done && this.#arrivals === arrivalsBefore && this.#ledger.holding === 0) this.#caughtUp = true;
    } catch (error) {
      this.log(`lag check failed: ${scrubbedErrorText(error, this.#connection)}`, 'warn');
    } finally {
      this.#lagCheckedAt = Date.now();
      this.#lagCheck = undefined;
    }
  }

  #commandError(what: string, error: unknown): RedisConnectorError {
    return new RedisConnectorError(
      'E_REDIS_COMMAND',
      `${what} failed at ${describeConnection(this.#connection)}: ${scrubbedErrorText(error, this.#connection)}`,
      this.#site,
    );
  }

  #disconnect(): void {
    for (const client of [this.#reader, this.#commands]) {
      if (client?.isOpen) client.destroy();
    }
  }
}
