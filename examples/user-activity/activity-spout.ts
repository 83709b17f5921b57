import { Spout, confNumber, javaHashCode, type Conf, type TopologyContext } from '@twinstorm/core';
import { DEAD_LETTER_STREAM, KAFKA_FIELDS } from '@twinstorm/kafka';
import { EVENTS_CONF, SEED_CONF } from './conf.ts';
import type { LabeledEvent } from './event.ts';
import { EVENT_FIELDS, eventValues } from './fields.ts';
import { activityEvents, DEFAULT_SEED } from './generator.ts';
import { KafkaEvents, type EventSource } from './kafka-events.ts';
import { confChoice, SOURCE_CONF } from './services.ts';

/** Which of `tasks` spout tasks serves a user: the queue is partitioned by user, so each user's events stay in order. */
export function partitionOf(userId: string, tasks: number): number {
  const h = javaHashCode(userId) % tasks;
  return h < 0 ? h + tasks : h;
}

/**
 * The activity log as a reliable spout. `useractivity.source` picks where events come from: `generator` (the default)
 * stands in for a persistent queue in-process; `kafka` reads the topic load.ts fills (see KafkaEvents). Either way
 * only the event's own fields are emitted, and records that are not events go to the `dead-letter` stream.
 */
export class ActivitySpout extends Spout {
  static outputs = { default: [...EVENT_FIELDS], [DEAD_LETTER_STREAM]: [...KAFKA_FIELDS, 'reason', 'tries'] };

  private source: EventSource = new GeneratedEvents(this);

  override open(conf: Conf, context: TopologyContext): void | Promise<void> {
    const kind = confChoice(conf, SOURCE_CONF, ['generator', 'kafka'], 'generator');
    this.source = kind === 'kafka' ? new KafkaEvents(this) : new GeneratedEvents(this);
    return this.source.open(conf, context);
  }

  nextTuple(): void | Promise<void> {
    return this.source.nextTuple();
  }

  override ack(msgId: unknown): void {
    this.source.ack(msgId);
  }

  override fail(msgId: unknown): void {
    this.source.fail(msgId);
  }

  override mayStillEmit(): boolean {
    return this.source.mayStillEmit();
  }

  override activate(): void | Promise<void> {
    return this.source.activate();
  }

  override deactivate(): void | Promise<void> {
    return this.source.deactivate();
  }

  override close(): void | Promise<void> {
    return this.source.close();
  }
}

/**
 * The generator's log, standing in for a persistent queue: each event carries its position (event_id) as msgId,
 * failed events are replayed before new ones, acked ones are forgotten. The ground-truth labels never leave it.
 */
class GeneratedEvents implements EventSource {
  /** Emitted but not yet acked: msgId (event_id) -> tuple values. */
  private readonly pending = new Map<number, unknown[]>();
  /** Failed msgIds waiting to be re-emitted, oldest first. */
  private readonly replay: number[] = [];
  private events: Iterator<LabeledEvent, never> | undefined;
  private limit = Number.POSITIVE_INFINITY;
  private tasks = 1;
  private taskIndex = 0;
  private exhausted = false;

  constructor(private readonly owner: Spout) {}

  open(conf: Conf, context: TopologyContext): void {
    this.events = activityEvents({ seed: confNumber(conf, SEED_CONF) ?? DEFAULT_SEED });
    this.limit = confNumber(conf, EVENTS_CONF) ?? Number.POSITIVE_INFINITY;
    this.tasks = Math.max(1, context.componentTasks(context.componentId).length);
    this.taskIndex = context.taskIndex;
  }

  nextTuple(): void {
    const replayId = this.replay.shift();
    if (replayId !== undefined) {
      const values = this.pending.get(replayId);
      if (values !== undefined) this.owner.emit(values, { msgId: replayId });
      return;
    }
    if (this.exhausted || this.events === undefined) return;
    // Skip other partitions' events; each call emits at most one tuple.
    for (;;) {
      const event = this.events.next().value;
      if (event.event_id >= this.limit) {
        this.exhausted = true;
        return;
      }
      if (this.tasks > 1 && partitionOf(event.user_id, this.tasks) !== this.taskIndex) continue;
      const values = eventValues(event);
      this.pending.set(event.event_id, values);
      this.owner.emit(values, { msgId: event.event_id });
      return;
    }
  }

  ack(msgId: unknown): void {
    this.pending.delete(msgId as number);
  }

  fail(msgId: unknown): void {
    if (this.pending.has(msgId as number)) this.replay.push(msgId as number);
  }

  mayStillEmit(): boolean {
    return false;
  }

  activate(): void {}
  deactivate(): void {}
  close(): void {}
}
