// Conformance topology "reliability": ack trees, an explicit fail of one branch, a replaying spout, a BasicBolt that
// throws and an async bolt, in one topology (one Storm submission).
//   sentences (fixture) -> split (2) -> leaf (2, fields on word): "bad" is failed explicitly
//                       -> basic (BasicBolt): throws on "boom"
//                       -> async (2): awaits a little before emitting, reports how many executions overlap
//   replay (own spout, replays what fails) -> flaky: fails the first attempt of odd ids
import { BasicBolt, Bolt, Spout, TopologyBuilder, type Tuple } from '@twinstorm/core';
import { connectProbe, type Probe } from '@twinstorm/testkit';

/** Stands in for a real source; the testkit replaces it with a fixture spout emitting [id, sentence]. */
export class SentenceSpout extends Spout {
  static outputFields = ['id', 'sentence'];
  nextTuple(): void {}
}

/** One tuple per word, each anchored to the sentence. */
export class SplitBolt extends Bolt {
  static outputFields = ['id', 'word'];
  execute(t: Tuple): void {
    for (const word of t.getString('sentence').split(' ')) this.emit([t.get('id'), word], { anchors: [t] });
    this.ack(t);
  }
}

/** Acks every word but "bad", which it fails: one failed branch fails the whole sentence. */
export class LeafBolt extends Bolt {
  static outputFields = ['id', 'word'];
  execute(t: Tuple): void {
    if (t.getString('word') === 'bad') {
      this.fail(t);
      return;
    }
    this.emit([t.get('id'), t.get('word')], { anchors: [t] });
    this.ack(t);
  }
}

/** Throws on a sentence holding "boom": the tuple fails and the error is reported. */
export class ThrowingBasicBolt extends BasicBolt {
  static outputFields = ['id', 'words'];
  execute(t: Tuple): void {
    const sentence = t.getString('sentence');
    if (sentence.includes('boom')) throw new Error(`boom in sentence ${String(t.get('id'))}`);
    this.emit([t.get('id'), sentence.split(' ').length]);
  }
}

/** An async execute: waits a few ms (by id), emits anchored, acks; reports the most executions in flight at once. */
export class AsyncBolt extends Bolt {
  static outputFields = ['id', 'inFlight'];
  #inFlight = 0;
  #probe: Probe | null = null;
  override async prepare(): Promise<void> {
    this.#probe = await connectProbe(this);
  }
  async execute(t: Tuple): Promise<void> {
    this.#inFlight++;
    const seen = this.#inFlight;
    await new Promise((resolve) => setTimeout(resolve, 30 + ((t.getNumber('id') * 7) % 20)));
    this.#inFlight--;
    this.emit([t.get('id'), seen], { anchors: [t] });
    this.ack(t);
  }
  override cleanup(): void {
    this.#probe?.release();
  }
}

/** How many ids the replaying spout emits. */
export const REPLAY_IDS = 10;

/** Emits [id, attempt] for ids 0..9 and replays what fails; reports every ack and fail with a Probe. */
export class ReplaySpout extends Spout {
  static outputFields = ['id', 'attempt'];
  #next = 0;
  readonly #attempts = new Map<number, number>();
  readonly #replay: number[] = [];
  #probe: Probe | null = null;
  override async open(): Promise<void> {
    this.#probe = await connectProbe(this);
  }
  nextTuple(): void {
    const id = this.#replay.shift() ?? (this.#next < REPLAY_IDS ? this.#next++ : undefined);
    if (id === undefined) return;
    const attempt = this.#attempts.get(id) ?? 0;
    this.#attempts.set(id, attempt + 1);
    this.emit([id, attempt], { msgId: id });
  }
  override ack(msgId: unknown): void {
    this.#probe?.observe('ack', msgId);
  }
  override fail(msgId: unknown): void {
    this.#probe?.observe('fail', msgId);
    this.#replay.push(msgId as number);
  }
  override close(): void {
    this.#probe?.release();
  }
}

/** Fails the first attempt of odd ids, passes everything else on. */
export class FlakyBolt extends Bolt {
  static outputFields = ['id', 'attempt'];
  execute(t: Tuple): void {
    if (t.getNumber('attempt') === 0 && t.getNumber('id') % 2 === 1) {
      this.fail(t);
      return;
    }
    this.emit([t.get('id'), t.get('attempt')], { anchors: [t] });
    this.ack(t);
  }
}

const b = new TopologyBuilder();
b.setSpout('sentences', SentenceSpout, 1);
b.setBolt('split', SplitBolt, 2).shuffleGrouping('sentences');
b.setBolt('leaf', LeafBolt, 2).fieldsGrouping('split', ['word']);
b.setBolt('basic', ThrowingBasicBolt, 1).shuffleGrouping('sentences');
b.setBolt('async', AsyncBolt, 1).shuffleGrouping('sentences');
b.setSpout('replay', ReplaySpout, 1);
b.setBolt('flaky', FlakyBolt, 1).shuffleGrouping('replay');
export default b.createTopology('conformance-reliability');
