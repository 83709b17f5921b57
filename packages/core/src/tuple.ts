import { TwinstormError } from './errors.ts';
import { SYSTEM_COMPONENT, TICK_STREAM, type StreamSchema } from './streams.ts';

/**
 * A tuple as user code sees it, on every runtime: values plus the schema of the stream it came on.
 * Runtimes subclass it to carry their own tracking data (ack tree ids, Storm's tuple id).
 */
export class Tuple {
  constructor(
    /** The values, in the order of `fields`. Treat as read-only: other tasks may hold the same array. */
    readonly values: readonly unknown[],
    /** The schema of the stream the tuple arrived on. */
    readonly schema: StreamSchema,
    /** The task that emitted it (-1 for tick tuples, as in Storm). */
    readonly sourceTask: number,
  ) {}

  /** The field names, in the order of `values`. */
  get fields(): readonly string[] {
    return this.schema.fields;
  }

  /** The component that emitted it. */
  get sourceComponent(): string {
    return this.schema.component;
  }

  /** The stream it arrived on. */
  get sourceStream(): string {
    return this.schema.stream;
  }

  /** The tuple's id as text (Storm's 64-bit tuple id where the runtime has one). */
  get id(): string {
    return '';
  }

  /** True for Storm's tick tuples (`__system` / `__tick`). */
  isTick(): boolean {
    return this.schema.stream === TICK_STREAM && this.schema.component === SYSTEM_COMPONENT;
  }

  /** The value of a field; throws if the stream has no such field. */
  get<T = unknown>(field: string): T {
    return this.values[this.#position(field)] as T;
  }

  /** The value at a position. */
  getValue(index: number): unknown {
    return this.values[index];
  }

  /** True if the stream declares this field. */
  contains(field: string): boolean {
    return this.schema.indexOf(field) >= 0;
  }

  /** A string field, checked. */
  getString(field: string): string {
    const value = this.get(field);
    if (typeof value !== 'string') throw this.#typeError(field, 'a string', value);
    return value;
  }

  /** A numeric field, checked (Storm's Integer, Long and Double all arrive as numbers). */
  getNumber(field: string): number {
    const value = this.get(field);
    if (typeof value !== 'number') throw this.#typeError(field, 'a number', value);
    return value;
  }

  /** A boolean field, checked. */
  getBoolean(field: string): boolean {
    const value = this.get(field);
    if (typeof value !== 'boolean') throw this.#typeError(field, 'a boolean', value);
    return value;
  }

  /** The values of the named fields, in that order (what fields grouping hashes). */
  select(fields: readonly string[]): unknown[] {
    return fields.map((f) => this.values[this.#position(f)]);
  }

  toString(): string {
    return `source: ${this.sourceComponent}:${this.sourceTask}, stream: ${this.sourceStream}, id: ${this.id}, ${JSON.stringify(this.values)}`;
  }

  #position(field: string): number {
    const i = this.schema.indexOf(field);
    if (i < 0) {
      throw new TwinstormError('E_UNKNOWN_FIELD', `no such field; the stream declares [${this.fields.join(', ')}]`, {
        component: this.sourceComponent,
        stream: this.sourceStream,
        field,
      });
    }
    return i;
  }

  #typeError(field: string, expected: string, value: unknown): TwinstormError {
    const got = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
    return new TwinstormError('E_WRONG_FIELD_TYPE', `expected ${expected}, got ${got}`, {
      component: this.sourceComponent,
      stream: this.sourceStream,
      field,
    });
  }
}
