import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { BatchingBolt, type Batch, type Conf, type ErrorSite, type StreamSchema, type TopologyContext, type Tuple } from '@twinstorm/core';
import { describeConnection, readSinkSettings, type SinkSettings } from './conf.ts';
import { ReconnectingClient } from './connection.ts';
import { servicesPostgresUrl, type DefaultUrl } from './default-url.ts';
import { PostgresConnectorError, pgErrorText } from './errors.ts';
import { copyRow, groupRows, jsonRow, rowShape, type Row, type RowShape } from './rows.ts';
import { copyStatement, quoteIdent, readTable, writeStatement, type TableInfo } from './table.ts';

/**
 * Writes its input to a PostgreSQL table in batches (BatchingBolt: by count, bytes and tick), one transaction per
 * batch, acking the batch's tuples only after COMMIT and failing them all when the transaction fails. By default it
 * upserts on the table's primary key (`INSERT … ON CONFLICT … DO UPDATE`), so a replayed tuple rewrites its row
 * instead of adding one; `postgres.mode` "ignore" keeps the first version, "copy" appends with COPY (fastest, but a
 * replay adds a row again). Each column takes the tuple field of its name (objects and arrays into jsonb columns).
 * A lost connection fails the batch; the next batch reconnects after a back-off, and the run stays up.
 */
export class PostgresSink extends BatchingBolt<Row> {
  /** Where the URL comes from when `postgres.url` is unset: the running `twinstorm services`. */
  static defaultUrl: DefaultUrl = servicesPostgresUrl;

  /** Build-time check of the postgres.* and batch keys. */
  static override checkConf(conf: Conf): void {
    super.checkConf(conf);
    readSinkSettings(conf, {}, this.defaultUrl, false);
  }

  #settings!: SinkSettings;
  #site: ErrorSite = {};
  #client!: ReconnectingClient;
  #table!: TableInfo;
  #key: readonly string[] = [];
  readonly #shapes = new Map<StreamSchema, RowShape>();
  readonly #statements = new Map<RowShape, string>();

  override async prepare(conf: Conf, context: TopologyContext): Promise<void> {
    const ctor = this.constructor as typeof PostgresSink;
    this.#site = { component: context.componentId, task: context.taskId };
    this.#settings = readSinkSettings(conf, this.#site, ctor.defaultUrl, true);
    this.#client = new ReconnectingClient(this.#settings, this.#site, (message) => this.log(message, 'warn'));
    try {
      this.#table = await this.#client.use((client) => readTable(client, this.#settings.table, this.#site));
      this.#key = this.#settings.mode === 'copy' ? [] : this.#conflictKey();
      if (this.#key.length > 0) await this.#client.use((client) => this.#checkConflictTarget(client));
    } catch (error) {
      await this.#client.close();
      throw error;
    }
    const on = this.#key.length === 0 ? '' : ` on (${this.#key.join(', ')})`;
    this.log(`writing to ${this.#table.sqlName} at ${describeConnection(this.#settings)} (${this.#settings.mode}${on})`);
  }

  override cleanup(): Promise<void> {
    return this.#client.close();
  }

  /** The row of a tuple; a tuple without a usable key fails alone (E_PG_ROW names the field). */
  override toEntry(tuple: Tuple): Row {
    const shape = this.#shapeOf(tuple.schema);
    return this.#settings.mode === 'copy' ? copyRow(shape, tuple) : jsonRow(shape, tuple, this.#site);
  }

  /** The row's text is what goes over the wire: its length is the row's size. */
  override entryBytes(row: Row): number {
    return row.text.length;
  }

  /** One transaction: every row of the batch, then COMMIT; any error rolls it back and fails the batch. */
  override async writeBatch(batch: Batch<Row>): Promise<void> {
    const groups = groupRows(batch.entries, this.#settings.mode === 'upsert');
    try {
      await this.#client.use(async (client) => {
        await client.query('BEGIN');
        try {
          for (const [shape, texts] of groups) await this.#write(client, shape, texts);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw error;
        }
      });
    } catch (error) {
      if (error instanceof PostgresConnectorError) throw error;
      throw new PostgresConnectorError(
        'E_PG_WRITE',
        `the transaction writing ${batch.entries.length} row(s) to ${this.#table.sqlName} failed and was rolled back: ${pgErrorText(error)}`,
        this.#site,
        { cause: error },
      );
    }
  }

  async #write(client: pg.Client, shape: RowShape, texts: readonly string[]): Promise<void> {
    let sql = this.#statements.get(shape);
    if (sql === undefined) {
      sql =
        this.#settings.mode === 'copy'
          ? copyStatement(this.#table, shape.columns)
          : writeStatement(this.#table, shape.columns, this.#settings.mode, this.#key);
      this.#statements.set(shape, sql);
    }
    if (this.#settings.mode === 'copy') await pipeline(Readable.from([texts.join('')]), client.query(copyFrom(sql)));
    else await client.query(sql, [`[${texts.join(',')}]`]);
  }

  #shapeOf(schema: StreamSchema): RowShape {
    let shape = this.#shapes.get(schema);
    if (shape === undefined) {
      shape = rowShape(schema, this.#table, this.#settings.columns, this.#key, this.#site);
      this.#shapes.set(schema, shape);
    }
    return shape;
  }

  #conflictKey(): readonly string[] {
    const key = this.#settings.key ?? this.#table.primaryKey;
    if (key.length === 0) {
      throw new PostgresConnectorError(
        'E_PG_TABLE',
        `${this.#table.sqlName} has no primary key to upsert on: set "postgres.key" to the columns of a unique index, or "postgres.mode" to "copy" to append`,
        this.#site,
      );
    }
    const missing = key.filter((k) => !this.#table.columns.has(k));
    if (missing.length > 0) {
      throw new PostgresConnectorError(
        'E_PG_TABLE',
        `conf "postgres.key": ${this.#table.sqlName} has no column ${missing.map(quoteIdent).join(', ')} [${[...this.#table.columns.keys()].join(', ')}]`,
        this.#site,
      );
    }
    return key;
  }

  /** Runs the upsert on no rows: PostgreSQL checks at planning that a unique index matches the key. */
  async #checkConflictTarget(client: pg.Client): Promise<void> {
    const sql = writeStatement(this.#table, this.#key, 'ignore', this.#key);
    try {
      await client.query(sql, ['[]']);
    } catch (error) {
      throw new PostgresConnectorError(
        'E_PG_TABLE',
        `conf "postgres.key": ${this.#table.sqlName} cannot be upserted on (${this.#key.join(', ')}): ${pgErrorText(error)}; the key must be the columns of a unique index or constraint`,
        this.#site,
        { cause: error },
      );
    }
  }
}
