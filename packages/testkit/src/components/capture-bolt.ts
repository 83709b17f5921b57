import { Bolt, type Tuple } from '@twinstorm/core';
import { TestkitError } from '../errors.ts';
import { acquireConnection, releaseConnection, sinkTarget } from '../sink/shared-connections.ts';
import type { SinkConnection } from '../sink/sink-connection.ts';

/**
 * Subscribed to every (non-direct) stream of the captured components: sends each tuple to the sink and acks it
 * only once the sink has recorded it, so by the time a fixture tuple's tree is acked its captures have arrived.
 */
export class CaptureBolt extends Bolt {
  #sink: SinkConnection | null = null;

  override async prepare(): Promise<void> {
    const target = sinkTarget(this.conf);
    if (target === null) throw new TestkitError('E_SINK', 'the capture bolt runs without a testkit sink in its conf');
    this.#sink = await acquireConnection(target);
  }

  async execute(tuple: Tuple): Promise<void> {
    if (tuple.isTick()) {
      // Topology-wide tick tuples reach this bolt too; they are not captures.
      this.ack(tuple);
      return;
    }
    if (this.#sink === null) throw new TestkitError('E_SINK', 'the capture bolt got a tuple before it was prepared');
    const tasks = this.context.componentTasks(tuple.sourceComponent);
    await this.#sink.sendConfirmed({
      t: 'capture',
      component: tuple.sourceComponent,
      stream: tuple.sourceStream,
      sourceTask: tuple.sourceTask,
      taskIndex: tasks.indexOf(tuple.sourceTask),
      values: tuple.values,
    });
    this.ack(tuple);
  }

  override cleanup(): void {
    if (this.#sink !== null) releaseConnection(this.#sink);
    this.#sink = null;
  }
}
