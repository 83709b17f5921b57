// The topology of `pnpm fault:threads` (bench/fault-thread-death.ts): a reliable spout of ids 0..n-1 (failed ids
// replayed) -> work (2 tasks, one per worker thread) -> sink. The work task named by conf `fault.kill.task` kills its
// worker thread once, after `fault.kill.after` tuples, the way `fault.kill.mode` says. Spout and sink tell the driver
// what they emitted, acked and received over the BroadcastChannel named by `fault.channel` (every thread reaches it).
import { existsSync, unlinkSync } from 'node:fs';
import { BroadcastChannel } from 'node:worker_threads';
import { Bolt, Spout, TopologyBuilder, confNumber, type Conf, type TopologyContext, type Tuple } from '@twinstorm/core';
import { dieBy, type KillMode } from '@twinstorm/core/testing';

export type { KillMode };

/** What components tell the driver. */
export type FaultEvent = { e: 'emit' | 'ack' | 'fail' | 'sink'; id: number };

/** A conf value the driver sets as a string. */
function text(conf: Conf, key: string): string {
  const value = conf[key];
  if (typeof value !== 'string') throw new Error(`conf ${key}: expected a string, got ${typeof value}`);
  return value;
}

function channelOf(conf: Conf): BroadcastChannel {
  const channel = new BroadcastChannel(text(conf, 'fault.channel'));
  channel.unref();
  return channel;
}

/** Ids 0..fault.count-1 with msgId = id; failed ids are emitted again. A restarted instance starts over from 0. */
export class IdSpout extends Spout {
  static outputFields = ['id'];
  #next = 0;
  #count = 0;
  readonly #replay: number[] = [];
  #channel!: BroadcastChannel;

  override open(conf: Conf): void {
    this.#count = confNumber(conf, 'fault.count') ?? 1000;
    this.#channel = channelOf(conf);
  }

  nextTuple(): void {
    const id = this.#replay.shift() ?? (this.#next < this.#count ? this.#next++ : undefined);
    if (id === undefined) return;
    this.#channel.postMessage({ e: 'emit', id } satisfies FaultEvent);
    this.emit([id], { msgId: id });
  }

  override ack(msgId: unknown): void {
    this.#channel.postMessage({ e: 'ack', id: msgId as number } satisfies FaultEvent);
  }

  override fail(msgId: unknown): void {
    this.#channel.postMessage({ e: 'fail', id: msgId as number } satisfies FaultEvent);
    this.#replay.push(msgId as number);
  }
}

/** Passes ids on, anchored; the armed task keeps 5 inputs unacked, then kills its thread (once: it claims a marker file). */
export class KillerBolt extends Bolt {
  static outputFields = ['id'];
  #seen = 0;
  #armed = false;
  #after = 0;
  readonly #kept: Tuple[] = [];

  override prepare(conf: Conf, context: TopologyContext): void {
    const marker = text(conf, 'fault.kill.marker');
    this.#armed = confNumber(conf, 'fault.kill.task') === context.taskId && existsSync(marker);
    this.#after = confNumber(conf, 'fault.kill.after') ?? 100;
  }

  execute(t: Tuple): void {
    if (this.#armed && ++this.#seen >= this.#after && this.#kept.length < 5) {
      this.#kept.push(t);
      if (this.#kept.length === 5) this.#die();
      return;
    }
    this.emit([t.getNumber('id')], { anchors: [t] });
    this.ack(t);
  }

  #die(): void {
    try {
      unlinkSync(text(this.conf, 'fault.kill.marker'));
    } catch {
      return; // another incarnation claimed it
    }
    dieBy(this.conf['fault.kill.mode'] as KillMode);
  }
}

/** Tells the driver every id it receives, and acks. */
export class SinkBolt extends Bolt {
  #channel!: BroadcastChannel;

  override prepare(conf: Conf): void {
    this.#channel = channelOf(conf);
  }

  execute(t: Tuple): void {
    this.#channel.postMessage({ e: 'sink', id: t.getNumber('id') } satisfies FaultEvent);
    this.ack(t);
  }
}

export const threadDeath = (() => {
  const b = new TopologyBuilder();
  b.setSpout('ids', IdSpout, 1);
  b.setBolt('work', KillerBolt, 2).shuffleGrouping('ids').addConfiguration('topology.component.cpu.pcore.percent', 100);
  b.setBolt('sink', SinkBolt, 1).shuffleGrouping('work');
  return b.createTopology('fault-thread-death', { 'topology.message.timeout.secs': 2, 'topology.max.spout.pending': 100 });
})();
