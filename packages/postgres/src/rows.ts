import type { ErrorSite, StreamSchema, Tuple } from '@twinstorm/core';
import { PostgresConnectorError } from './errors.ts';
import { quoteIdent, type TableInfo } from './table.ts';

/** How the tuples of one stream become rows: which field goes to which column, and which of them form the key. */
export interface RowShape {
  readonly columns: readonly string[];
  readonly fieldIndexes: readonly number[];
  /** Positions in `columns` of the key columns (empty in the append mode). */
  readonly keyPositions: readonly number[];
}

/** One tuple as the batch holds it: its shape, its text (a JSON object, or a COPY line), and its key as text. */
export interface Row {
  readonly shape: RowShape;
  readonly text: string;
  readonly key: string;
}

/**
 * The shape of a stream's tuples. Columns are those of `columns` (column → field) or, by default as storm-jdbc's
 * SimpleJdbcMapper does, every table column for which the stream has a field of the same name.
 */
export function rowShape(
  schema: StreamSchema,
  table: TableInfo,
  columns: ReadonlyMap<string, string> | undefined,
  key: readonly string[],
  site: ErrorSite,
): RowShape {
  const where = { ...site, stream: schema.stream };
  const pairs: [string, number][] = [];
  if (columns !== undefined) {
    for (const [column, field] of columns) {
      const index = schema.indexOf(field);
      if (index < 0) {
        throw new PostgresConnectorError(
          'E_PG_ROW',
          `conf "postgres.columns" maps column ${quoteIdent(column)} to field "${field}", which stream "${schema.stream}" of "${schema.component}" does not declare [${schema.fields.join(', ')}]`,
          { ...where, field },
        );
      }
      pairs.push([column, index]);
    }
  } else {
    for (const column of table.columns.keys()) {
      const index = schema.indexOf(column);
      if (index >= 0) pairs.push([column, index]);
    }
    if (pairs.length === 0) {
      throw new PostgresConnectorError(
        'E_PG_TABLE',
        `no field of stream "${schema.stream}" of "${schema.component}" [${schema.fields.join(', ')}] names a column of ${table.sqlName} [${[...table.columns.keys()].join(', ')}]; rename the fields or set "postgres.columns"`,
        where,
      );
    }
  }
  const names = pairs.map(([c]) => c);
  const keyPositions = key.map((k) => {
    const position = names.indexOf(k);
    if (position < 0) {
      throw new PostgresConnectorError(
        'E_PG_ROW',
        `key column ${quoteIdent(k)} has no field in stream "${schema.stream}" of "${schema.component}" [${schema.fields.join(', ')}]`,
        where,
      );
    }
    return position;
  });
  return { columns: names, fieldIndexes: pairs.map(([, i]) => i), keyPositions };
}

/** The row of a tuple for the upsert modes: a JSON object of column: value, and its key. */
export function jsonRow(shape: RowShape, tuple: Tuple, site: ErrorSite): Row {
  const values = shape.fieldIndexes.map((i) => tuple.getValue(i) ?? null);
  const key = keyText(shape, values, tuple, site);
  let text = '{';
  for (let i = 0; i < values.length; i++) {
    text += `${i === 0 ? '' : ','}${JSON.stringify(shape.columns[i])}:${JSON.stringify(values[i])}`;
  }
  return { shape, text: `${text}}`, key };
}

/** The row of a tuple for the append mode: one line of COPY's text format. */
export function copyRow(shape: RowShape, tuple: Tuple): Row {
  let line = '';
  for (let i = 0; i < shape.fieldIndexes.length; i++) {
    line += `${i === 0 ? '' : '\t'}${copyField(tuple.getValue(shape.fieldIndexes[i]!))}`;
  }
  return { shape, text: `${line}\n`, key: '' };
}

/** A value in COPY's text format: \N for null, backslash escapes for the delimiter, newlines and backslash. */
export function copyField(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  // Numbers, booleans and bigints as their text, which PostgreSQL parses; objects and arrays as JSON (jsonb columns).
  const scalar = typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint';
  const text = typeof value === 'string' ? value : scalar ? String(value) : JSON.stringify(value);
  return text.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

function keyText(shape: RowShape, values: readonly unknown[], tuple: Tuple, site: ErrorSite): string {
  if (shape.keyPositions.length === 0) return '';
  const key = shape.keyPositions.map((p) => values[p]);
  const missing = shape.keyPositions.find((p) => values[p] === null);
  if (missing !== undefined) {
    const field = tuple.fields[shape.fieldIndexes[missing]!]!;
    throw new PostgresConnectorError(
      'E_PG_ROW',
      `key field is null, so a replay of this tuple could not be recognised (key column ${quoteIdent(shape.columns[missing]!)})`,
      { ...site, stream: tuple.sourceStream, field },
    );
  }
  return JSON.stringify(key);
}

/** The rows of a batch grouped by shape, in order; with `lastPerKey`, only the last row of each key of a shape is kept. */
export function groupRows(rows: readonly Row[], lastPerKey: boolean): Map<RowShape, string[]> {
  const groups = new Map<RowShape, Row[]>();
  for (const row of rows) {
    let group = groups.get(row.shape);
    if (group === undefined) groups.set(row.shape, (group = []));
    group.push(row);
  }
  const out = new Map<RowShape, string[]>();
  for (const [shape, group] of groups)
    out.set(
      shape,
      (lastPerKey ? lastOfEachKey(group) : group).map((r) => r.text),
    );
  return out;
}

/** One INSERT … ON CONFLICT DO UPDATE may not touch a row twice: the last version of a key wins, as it would in order. */
function lastOfEachKey(rows: readonly Row[]): readonly Row[] {
  const last = new Map<string, number>();
  rows.forEach((r, i) => last.set(r.key, i));
  return last.size === rows.length ? rows : rows.filter((r, i) => last.get(r.key) === i);
}
