// A spout of numbered events and a PostgresSink that records each batch it wrote, for the sink's tests on the local
// engine (one process, so the test reads what the components recorded).
import { Spout, TopologyBuilder, type Batch, type Conf, type SpoutClass, type Topology } from '@twinstorm/core';
import { PostgresSink } from '@twinstorm/postgres';

/** What the events spout saw: per id the attempt it emitted last, the acks and fails in the order they came. */
export class EventLedger {
  readonly attempt = new Map<number, number>();
  readonly acked = new Set<number>();
  /** Fails as they came: the id and the attempt that failed. */
  readonly fails: { id: number; attempt: number }[] = [];
  /** Called on each ack/fail with the id and its attempt (to check the database at that moment). */
  onAck: (id: number, attempt: number) => void = () => undefined;
  onFail: (id: number, attempt: number) => void = () => undefined;
}

/** One writeBatch call of the sink: the ids in it, its bytes, whether it resolved, and when it ended. */
export interface WrittenBatch {
  readonly ids: number[];
  readonly bytes: number;
  readonly ok: boolean;
  readonly endedAt: number;
  readonly error?: string;
}

/** An event's values as the spout emits them: [id, score, payload, note]; the attempt is in the payload. */
export type EventValues = (id: number, attempt: number) => [number, number, Record<string, unknown>, string];

/** Text with what COPY's text format must escape (tab, newline, backslash) and characters beyond ASCII. */
export const awkwardText = (id: number): string => `line\t${id}\nback\\slash \\N é 🌩`;

/** The default event: a non-negative score, a JSON payload naming the user and the attempt, and an awkward note. */
export const plainEvent: EventValues = (id, attempt) => [
  id,
  id / 2,
  { user: `u${id % 10}`, score: id / 2, attempt, tags: ['a', id], note: awkwardText(id) },
  awkwardText(id),
];

/** Emits ids 0..n-1 as [id, score, payload, note] with msgId = id, and replays what fails (attempt + 1). */
export function eventSpout(n: number, ledger: EventLedger, values: EventValues = plainEvent): SpoutClass {
  return class Events extends Spout {
    static outputFields = ['id', 'score', 'payload', 'note'];
    #next = 0;
    readonly #again: number[] = [];
    nextTuple(): void {
      const id = this.#again.shift() ?? (this.#next < n ? this.#next++ : undefined);
      if (id === undefined) return;
      const attempt = (ledger.attempt.get(id) ?? 0) + 1;
      ledger.attempt.set(id, attempt);
      this.emit(values(id, attempt), { msgId: id });
    }
    override ack(msgId: unknown): void {
      const id = msgId as number;
      ledger.acked.add(id);
      ledger.onAck(id, ledger.attempt.get(id)!);
    }
    override fail(msgId: unknown): void {
      const id = msgId as number;
      ledger.fails.push({ id, attempt: ledger.attempt.get(id)! });
      ledger.onFail(id, ledger.attempt.get(id)!);
      this.#again.push(id);
    }
  };
}

/** A PostgresSink that appends each of its batches to `batches` (after the write resolved or rejected). */
export function recordingSink(batches: WrittenBatch[]): typeof PostgresSink {
  return class RecordingSink extends PostgresSink {
    override async writeBatch(batch: Parameters<PostgresSink['writeBatch']>[0]): Promise<void> {
      const ids = idsOf(batch);
      try {
        await super.writeBatch(batch);
      } catch (error) {
        batches.push({ ids, bytes: batch.bytes, ok: false, endedAt: Date.now(), error: (error as Error).message });
        throw error;
      }
      batches.push({ ids, bytes: batch.bytes, ok: true, endedAt: Date.now() });
    }
  };
}

function idsOf(batch: Batch<unknown>): number[] {
  return batch.tuples.map((t) => t.getNumber('id'));
}

/** events (1 task) → sink (1 task, the given class and conf). */
export function sinkTopology(name: string, spout: SpoutClass, sink: typeof PostgresSink, sinkConf: Conf, conf: Conf = {}): Topology {
  const b = new TopologyBuilder();
  b.setSpout('events', spout);
  b.setBolt('sink', sink).shuffleGrouping('events').addConfigurations(sinkConf);
  return b.createTopology(name, conf);
}
