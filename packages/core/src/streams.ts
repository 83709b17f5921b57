import { TwinstormError } from './errors.ts';

/** Storm's name for the stream used when an emit names none. */
export const DEFAULT_STREAM = 'default';

/** The declaration of one output stream: its fields, and whether it is a direct stream (emitDirect only). */
export interface StreamDeclaration {
  readonly fields: readonly string[];
  readonly direct: boolean;
}

/** What a component class may declare statically: `outputFields` for the default stream, or `outputs` per stream. */
export interface OutputDeclaringClass {
  readonly outputFields?: readonly string[];
  readonly outputs?: Readonly<Record<string, readonly string[] | { readonly fields: readonly string[]; readonly direct?: boolean }>>;
}

/** Normalises a class's static output declarations into one map, rejecting malformed ones with the component named. */
export function declaredStreams(componentId: string, cls: OutputDeclaringClass): Record<string, StreamDeclaration> {
  const streams: Record<string, StreamDeclaration> = {};
  if (cls.outputFields !== undefined && cls.outputs !== undefined && cls.outputs[DEFAULT_STREAM] !== undefined) {
    throw new TwinstormError('E_INVALID_OUTPUTS', 'declares the default stream twice (outputFields and outputs.default)', {
      component: componentId,
    });
  }
  if (cls.outputFields !== undefined) {
    streams[DEFAULT_STREAM] = { fields: checkFields(componentId, DEFAULT_STREAM, cls.outputFields), direct: false };
  }
  for (const [stream, decl] of Object.entries(cls.outputs ?? {})) {
    if (stream.length === 0 || stream.startsWith('__')) {
      throw new TwinstormError('E_INVALID_OUTPUTS', `stream id "${stream}" is empty or reserved (ids starting with "__" are Storm's)`, {
        component: componentId,
      });
    }
    // `?.`: topology modules may be plain JS, and a null declaration must get the error below, not a TypeError.
    const fields = Array.isArray(decl) ? decl : (decl as { fields?: unknown } | null)?.fields;
    const direct = !Array.isArray(decl) && (decl as { direct?: unknown } | null)?.direct === true;
    streams[stream] = { fields: checkFields(componentId, stream, fields), direct };
  }
  return streams;
}

function checkFields(component: string, stream: string, fields: unknown): readonly string[] {
  if (!Array.isArray(fields) || fields.some((f) => typeof f !== 'string' || f.length === 0)) {
    throw new TwinstormError('E_INVALID_OUTPUTS', 'fields must be an array of non-empty strings', { component, stream });
  }
  const seen = new Set<string>();
  for (const f of fields as string[]) {
    if (seen.has(f)) throw new TwinstormError('E_INVALID_OUTPUTS', `field "${f}" is declared twice`, { component, stream });
    seen.add(f);
  }
  return Object.freeze([...(fields as string[])]);
}

/** Streams with at most this many fields find a field by scanning the names, not through the map. */
const LINEAR_LOOKUP_MAX = 4;

/** The shape of the tuples of one stream, shared by all its tuples so field lookups are cheap (a short scan or one map read). */
export class StreamSchema {
  readonly #index: Map<string, number>;

  constructor(
    readonly component: string,
    readonly stream: string,
    readonly fields: readonly string[],
  ) {
    this.#index = new Map(fields.map((f, i) => [f, i]));
  }

  /** Position of a field, or -1. */
  indexOf(field: string): number {
    // Few fields (the usual case): comparing names is cheaper than hashing one, and literals compare by identity.
    // Scanned from the end, so a repeated name resolves to its last position, as the map built from the list does.
    const fields = this.fields;
    if (fields.length <= LINEAR_LOOKUP_MAX) {
      for (let i = fields.length - 1; i >= 0; i--) if (fields[i] === field) return i;
      return -1;
    }
    const i = this.#index.get(field);
    return i === undefined ? -1 : i;
  }
}

/** Storm's system component and tick stream, so tick tuples look the same on both runtimes. */
export const SYSTEM_COMPONENT = '__system';
export const TICK_STREAM = '__tick';
export const SYSTEM_TASK_ID = -1;
