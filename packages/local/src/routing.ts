import { StreamSchema, type GroupingSpec, type StreamDeclaration } from '@twinstorm/core';
import { fieldsGroupingIndexAt } from '@twinstorm/core/runtime';
import type { LocalTuple } from './local-tuple.ts';

/** Where routed tuples go: anything with a task id that accepts tuples (a bolt executor). */
export interface TupleSink {
  readonly taskId: number;
  /** True for a stand-in of a task that runs on another worker thread (its copies are encoded and sent there). */
  readonly remote?: boolean;
}

/** What the engine routes to: a bolt task of this thread, or a stand-in for a bolt task of another worker thread. */
export interface TaskSink extends TupleSink {
  readonly componentId: string;
  enqueue(tuple: LocalTuple): void;
}

/** A stream's schema plus its number in the topology, the same in every thread: it names the stream between threads. */
export class NumberedSchema extends StreamSchema {
  constructor(
    component: string,
    stream: string,
    fields: readonly string[],
    readonly wireId: number,
  ) {
    super(component, stream, fields);
  }
}

/** Grouping kinds as small integers so the per-tuple switch stays cheap. */
export const Kind = { Shuffle: 0, Fields: 1, All: 2, Global: 3, Direct: 4 } as const;
/** One of Kind's values. */
export type Kind = (typeof Kind)[keyof typeof Kind];

/** One subscribing component of a stream, with the state its grouping needs (Storm keeps one per emitting task). */
export class Subscription<S extends TupleSink> {
  readonly kind: Kind;
  /** Subscriber tasks, ascending by task id (Storm's order: fields grouping indexes into it). */
  readonly sinks: readonly S[];
  readonly fieldIndexes: readonly number[];
  #order: number[];
  #pos: number;

  constructor(grouping: GroupingSpec, sinks: readonly S[], schema: StreamSchema) {
    this.sinks = [...sinks].sort((a, b) => a.taskId - b.taskId);
    this.kind = kindOf(grouping);
    this.fieldIndexes = grouping.type === 'fields' ? grouping.fields.map((f) => schema.indexOf(f)) : [];
    this.#order = this.sinks.map((_, i) => i);
    this.#pos = this.#order.length;
  }

  /** Next task of a shuffle: Storm's scheme, a random permutation walked in order, reshuffled when used up. */
  nextShuffled(): S {
    if (this.#pos >= this.#order.length) {
      shuffle(this.#order);
      this.#pos = 0;
    }
    return this.sinks[this.#order[this.#pos++]!]!;
  }

  /** The task fields grouping picks: floorMod(deepHashCode(selected values), n), as Storm. */
  byFields(values: readonly unknown[]): S {
    return this.sinks[fieldsGroupingIndexAt(values, this.fieldIndexes, this.sinks.length)]!;
  }
}

/** The routing of one output stream of one task: its schema and its subscriptions. */
export class OutputStream<S extends TupleSink> {
  readonly schema: NumberedSchema;
  /** The declared field count, which every emit must match (read on each emit, so kept beside the schema). */
  readonly arity: number;
  readonly direct: boolean;
  readonly subscriptions: readonly Subscription<S>[];
  /** For direct streams: task id -> sink, for the tasks of components subscribed with direct grouping. */
  readonly directSinks: ReadonlyMap<number, S>;
  /** Some subscriber task runs on another worker thread: emits must be encodable. */
  readonly crossesThreads: boolean;
  /** An emit may go to several tasks (several subscriptions, or all grouping): it is checked for other threads first. */
  readonly fansOut: boolean;

  constructor(
    component: string,
    stream: string,
    declaration: StreamDeclaration,
    subscriptions: Array<{ grouping: GroupingSpec; sinks: readonly S[] }>,
    wireId = -1,
  ) {
    this.schema = new NumberedSchema(component, stream, declaration.fields, wireId);
    this.arity = declaration.fields.length;
    this.crossesThreads = subscriptions.some((s) => s.sinks.some((sink) => sink.remote === true));
    this.fansOut = subscriptions.length > 1 || subscriptions.some((s) => s.grouping.type === 'all' && s.sinks.length > 1);
    this.direct = declaration.direct;
    this.subscriptions = subscriptions.map((s) => new Subscription(s.grouping, s.sinks, this.schema));
    const direct = new Map<number, S>();
    for (const s of this.subscriptions) if (s.kind === Kind.Direct) for (const sink of s.sinks) direct.set(sink.taskId, sink);
    this.directSinks = direct;
  }
}

function kindOf(grouping: GroupingSpec): Kind {
  switch (grouping.type) {
    case 'fields':
      return Kind.Fields;
    case 'all':
      return Kind.All;
    case 'global':
      return Kind.Global;
    case 'direct':
      return Kind.Direct;
    case 'shuffle':
    case 'localOrShuffle':
    case 'none':
      return Kind.Shuffle;
  }
}

function shuffle(a: number[]): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
}
