import { Spout, type SpoutClass, type StreamDeclaration } from '@twinstorm/core';
import type { PlannedTuple } from '../inputs.ts';
import { acquireConnection, releaseConnection, sinkTarget } from '../sink/shared-connections.ts';
import type { SinkConnection } from '../sink/sink-connection.ts';
import { TestkitError } from '../errors.ts';
import { errorMessage } from '@twinstorm/core/runtime';

/**
 * A spout class that stands in for spout `spoutId`: it declares the same streams, emits the fixture tuples (task i
 * of n takes tuples i, i+n, ...; one per nextTuple, msgId = the tuple's index) and reports each emit, ack and fail
 * to the sink. It never replays: a failed fixture tuple is a result; so is one the runtime refuses to emit.
 */
export function fixtureSpoutClass(
  spoutId: string,
  streams: Readonly<Record<string, StreamDeclaration>>,
  tuples: readonly PlannedTuple[],
): SpoutClass {
  const outputs = Object.fromEntries(Object.entries(streams).map(([id, s]) => [id, { fields: [...s.fields], direct: s.direct }]));
  for (const [i, t] of tuples.entries()) {
    const stream = streams[t.stream];
    if (stream === undefined || stream.direct) {
      const why =
        stream === undefined ? 'which the spout does not declare' : 'which is a direct stream (fixture spouts do not emit direct)';
      throw new TestkitError('E_INVALID_OPTIONS', `inputs["${spoutId}"][${i}] is for stream "${t.stream}", ${why}`);
    }
  }
  return class FixtureSpout extends Spout {
    static outputs = outputs;
    #next = 0;
    #step = 1;
    #sink: SinkConnection | null = null;

    override async open(): Promise<void> {
      this.#next = this.context.taskIndex;
      this.#step = this.context.componentTasks(this.context.componentId).length;
      const target = sinkTarget(this.conf);
      if (target === null) throw new TestkitError('E_SINK', `fixture spout "${spoutId}" runs without a testkit sink in its conf`);
      this.#sink = await acquireConnection(target);
    }

    nextTuple(): void {
      const index = this.#next;
      const tuple = tuples[index];
      if (tuple === undefined) return;
      this.#next += this.#step;
      try {
        this.emit(tuple.values, { stream: tuple.stream, msgId: index });
      } catch (error) {
        // The runtime refused the values (strict mode, or what Storm cannot carry): a result, not a crash.
        const message = errorMessage(error);
        this.#sink?.send({ t: 'reject', spout: spoutId, task: this.context.taskId, index, message, at: Date.now() });
        return;
      }
      this.#sink?.send({ t: 'emit', spout: spoutId, task: this.context.taskId, index, at: Date.now() });
    }

    override ack(msgId: unknown): void {
      this.#settled(msgId, 'ack');
    }

    override fail(msgId: unknown): void {
      this.#settled(msgId, 'fail');
    }

    override close(): void {
      if (this.#sink !== null) releaseConnection(this.#sink);
      this.#sink = null;
    }

    #settled(msgId: unknown, outcome: 'ack' | 'fail'): void {
      this.#sink?.send({ t: 'settle', spout: spoutId, task: this.context.taskId, index: msgId as number, outcome, at: Date.now() });
    }
  };
}
