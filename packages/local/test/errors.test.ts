import { BasicBolt, Bolt, Spout, TopologyBuilder, type BoltClass, type Tuple } from '@twinstorm/core';
import { describe, expect, it } from 'vitest';
import { captureBolt, codeOf, firstNumbers, Ledger, numberSpout, range, withRun, type Harness, type Seen } from './helpers.ts';
import { waitFor } from '@twinstorm/core/testing';
import type { RunSnapshot } from '../src/index.ts';

const N = 30;
const BAD = 3;

interface Outcome {
  ledger: Ledger;
  sink: Seen[];
  summary: RunSnapshot;
  h: Harness;
}

/** spout (ids 0..N-1, no replay) -> bad (misbehaves on id BAD) -> sink; runs until every id is acked or failed. */
async function runBad(bad: BoltClass, name: string): Promise<Outcome> {
  const ledger = new Ledger();
  const sink: Seen[] = [];
  const b = new TopologyBuilder();
  b.setSpout('spout', numberSpout(ledger, { count: N, replay: false }), 1);
  b.setBolt('bad', bad, 1).shuffleGrouping('spout');
  b.setBolt('sink', captureBolt(sink), 1).shuffleGrouping('bad');
  const { summary, harness } = await withRun(b.createTopology(name), {}, async (h) => {
    await waitFor(() => ledger.acks.length + ledger.fails.length >= N, 5_000, 'every id acked or failed', h);
  });
  return { ledger, sink, summary, h: harness };
}

/** The one error of the run: its code, and a message that names the component, the task and the stream. */
function expectOneError(o: Outcome, code: string, stream: string, text: RegExp | string): void {
  expect(o.h.errors.map((e) => `${codeOf(e.error) ?? '-'} ${e.message}`)).toHaveLength(1);
  const e = o.h.errors[0]!;
  expect(codeOf(e.error)).toBe(code);
  expect(e.component).toBe('bad');
  expect(e.message).toContain('component "bad"');
  expect(e.message).toContain(`task ${e.task}`);
  expect(e.message).toContain(`stream "${stream}"`);
  expect(e.message).toMatch(text);
  expect(o.summary.components['bad']!.errors).toBe(1);
  expect(o.summary.lastErrors).toHaveLength(1);
  expect(o.summary.lastErrors[0]).toMatchObject({ component: 'bad', task: e.task, message: e.message });
}

/** The run stayed up: every other id went through to the sink and was acked. */
function expectOthersFlowed(o: Outcome): void {
  const others = range(N).filter((i) => i !== BAD);
  expect(
    firstNumbers(o.sink)
      .filter((i) => i !== BAD)
      .sort((a, b) => a - b),
  ).toEqual(others);
  for (const i of others) expect(o.ledger.ackCount(i), `acks of ${i}`).toBe(1);
}

/** A Bolt that passes ids through (anchored, acked) and calls `misbehave` for id BAD instead. */
function passThrough(misbehave: (bolt: Bolt, t: Tuple) => void): BoltClass {
  return class PassThrough extends Bolt {
    static outputFields = ['n'];
    execute(t: Tuple): void {
      if (t.getNumber('n') === BAD) {
        misbehave(this, t);
        return;
      }
      this.emit([t.getNumber('n')], { anchors: [t] });
      this.ack(t);
    }
  };
}

describe('component errors', () => {
  it('emit to an undeclared stream: E_UNDECLARED_STREAM, input failed, run continues', async () => {
    const o = await runBad(
      passThrough((bolt, t) => {
        bolt.emit([1], { stream: 'nope', anchors: [t] });
        bolt.ack(t);
      }),
      'undeclared',
    );
    expectOneError(o, 'E_UNDECLARED_STREAM', 'nope', /declared: default/);
    expectOthersFlowed(o);
    expect(o.ledger.fails.map((f) => f.msgId)).toEqual([BAD]);
    expect(o.summary.components['bad']!.failed).toBe(1);
  });

  it('wrong field count: E_WRONG_FIELD_COUNT, input failed', async () => {
    const o = await runBad(
      passThrough((bolt, t) => {
        bolt.emit([1, 2], { anchors: [t] });
        bolt.ack(t);
      }),
      'field-count',
    );
    expectOneError(o, 'E_WRONG_FIELD_COUNT', 'default', /2 value\(s\).*1 field/);
    expectOthersFlowed(o);
    expect(o.ledger.fails.map((f) => f.msgId)).toEqual([BAD]);
  });

  it('double ack: E_DOUBLE_ACK, and the tree is acked once (the second ack does not corrupt it)', async () => {
    const o = await runBad(
      passThrough((bolt, t) => {
        bolt.emit([BAD], { anchors: [t] });
        bolt.ack(t);
        bolt.ack(t);
      }),
      'double-ack',
    );
    expectOneError(o, 'E_DOUBLE_ACK', 'default', /already acked/);
    expectOthersFlowed(o);
    // The input was already acked, so it cannot be failed; its tree completes normally, exactly once.
    expect(o.ledger.ackCount(BAD)).toBe(1);
    expect(o.ledger.fails).toEqual([]);
    expect(firstNumbers(o.sink)).toContain(BAD);
  });

  it('anchoring to an acked tuple: E_ANCHOR_ACKED, and the emit goes nowhere', async () => {
    const o = await runBad(
      passThrough((bolt, t) => {
        bolt.ack(t);
        bolt.emit([BAD], { anchors: [t] });
      }),
      'anchor-acked',
    );
    expectOneError(o, 'E_ANCHOR_ACKED', 'default', /already acked/);
    expectOthersFlowed(o);
    expect(firstNumbers(o.sink)).not.toContain(BAD);
    expect(o.ledger.ackCount(BAD)).toBe(1);
  });

  it('ack in a BasicBolt: E_NOT_SUPPORTED, input failed', async () => {
    class AckingBasic extends BasicBolt {
      static outputFields = ['n'];
      execute(t: Tuple): void {
        this.emit([t.getNumber('n')]);
        if (t.getNumber('n') === BAD) this.ack(t);
      }
    }
    const o = await runBad(AckingBasic, 'basic-ack');
    expectOneError(o, 'E_NOT_SUPPORTED', 'default', /BasicBolt/);
    expectOthersFlowed(o);
    expect(o.ledger.fails.map((f) => f.msgId)).toEqual([BAD]);
  });

  it('msgId on a bolt emit: E_NOT_SUPPORTED, input failed', async () => {
    const o = await runBad(
      passThrough((bolt, t) => {
        bolt.emit([BAD], { anchors: [t], msgId: 'mine' });
        bolt.ack(t);
      }),
      'bolt-msgid',
    );
    expectOneError(o, 'E_NOT_SUPPORTED', 'default', /msgId/);
    expectOthersFlowed(o);
    expect(o.ledger.fails.map((f) => f.msgId)).toEqual([BAD]);
    expect(firstNumbers(o.sink)).not.toContain(BAD);
  });

  it('a BasicBolt throw fails the input and reports the error', async () => {
    class Throwing extends BasicBolt {
      static outputFields = ['n'];
      execute(t: Tuple): void {
        if (t.getNumber('n') === BAD) throw new RangeError('three is right out');
        this.emit([t.getNumber('n')]);
      }
    }
    const o = await runBad(Throwing, 'basic-throw');
    expect(o.h.errors).toHaveLength(1);
    const e = o.h.errors[0]!;
    expect(e.error).toBeInstanceOf(RangeError);
    expect(e).toMatchObject({ component: 'bad', stream: 'default' });
    expect(e.message).toBe(`component "bad", task ${e.task}, stream "default": three is right out`);
    expectOthersFlowed(o);
    expect(o.ledger.fails.map((f) => f.msgId)).toEqual([BAD]);
    expect(o.summary.components['bad']).toMatchObject({ errors: 1, failed: 1, acked: N - 1 });
  });

  it('reportError is reported and counted without failing anything', async () => {
    const o = await runBad(
      passThrough((bolt, t) => {
        bolt.reportError(new Error('just so you know'));
        bolt.emit([BAD], { anchors: [t] });
        bolt.ack(t);
      }),
      'report-error',
    );
    expect(o.h.errors).toHaveLength(1);
    expect(o.h.errors[0]!.message).toContain('just so you know');
    expect(o.h.errors[0]!.message).toContain('component "bad"');
    expect(o.summary.components['bad']!.errors).toBe(1);
    expect(o.ledger.fails).toEqual([]);
    expect(o.ledger.ackCount(BAD)).toBe(1);
  });

  it('a spout whose nextTuple throws: error reported, the run continues', async () => {
    const ledger = new Ledger();
    const sink: Seen[] = [];
    let calls = 0;
    class Erratic extends Spout {
      static outputFields = ['n'];
      #i = 0;
      nextTuple(): void {
        calls++;
        if (this.#i === 5) {
          this.#i++;
          throw new Error('hiccup at 5');
        }
        if (this.#i >= N) return;
        const id = this.#i++;
        this.emit([id], { msgId: id });
      }
      override ack(msgId: unknown): void {
        ledger.acks.push({ msgId: msgId as number, task: this.context.taskId, at: 0 });
      }
    }
    const b = new TopologyBuilder();
    b.setSpout('erratic', Erratic, 1);
    b.setBolt('sink', captureBolt(sink), 1).shuffleGrouping('erratic');
    const { summary, harness } = await withRun(b.createTopology('spout-throw'), {}, async (h) => {
      await waitFor(() => ledger.acks.length === N - 1, 5_000, 'every other id acked', h);
    });
    expect(harness.errors).toHaveLength(1);
    expect(harness.errors[0]).toMatchObject({ component: 'erratic' });
    expect(harness.errors[0]!.message).toContain('component "erratic"');
    expect(harness.errors[0]!.message).toContain(`task ${harness.errors[0]!.task}`);
    expect(harness.errors[0]!.message).toContain('hiccup at 5');
    expect(summary.components['erratic']!.errors).toBe(1);
    expect(firstNumbers(sink).sort((a, b) => a - b)).toEqual(range(N).filter((i) => i !== 5));
    expect(calls).toBeGreaterThan(N);
  });

  it('a spout emitting a wrong field count gets E_WRONG_FIELD_COUNT naming the spout, and nothing is left pending', async () => {
    const ledger = new Ledger();
    const sink: Seen[] = [];
    class Sloppy extends Spout {
      static outputFields = ['n'];
      #i = 0;
      nextTuple(): void {
        if (this.#i >= 10) return;
        const id = this.#i++;
        this.emit(id === 4 ? [id, 'extra'] : [id], { msgId: id });
      }
      override ack(msgId: unknown): void {
        ledger.acks.push({ msgId: msgId as number, task: this.context.taskId, at: 0 });
      }
      override fail(msgId: unknown): void {
        ledger.fails.push({ msgId: msgId as number, task: this.context.taskId, at: 0 });
      }
    }
    const b = new TopologyBuilder();
    b.setSpout('sloppy', Sloppy, 1);
    b.setBolt('sink', captureBolt(sink), 1).shuffleGrouping('sloppy');
    const { summary, harness } = await withRun(b.createTopology('spout-fields'), {}, async (h) => {
      await waitFor(() => ledger.acks.length === 9, 5_000, 'the good ids acked', h);
    });
    expect(harness.errors.map((e) => codeOf(e.error))).toEqual(['E_WRONG_FIELD_COUNT']);
    expect(harness.errors[0]!.message).toContain('component "sloppy"');
    expect(harness.errors[0]!.message).toContain('stream "default"');
    expect(firstNumbers(sink)).not.toContain(4);
    expect(summary.spoutTuples.pending).toBe(0);
    expect(ledger.fails).toEqual([]);
  });
});

describe('emit atomicity', () => {
  it('a spout emit rejected by one subscription (NaN under fields grouping) delivers no copy at all', async () => {
    const ledger = new Ledger();
    const shuffled: Seen[] = [];
    const grouped: Seen[] = [];
    class NaNSpout extends Spout {
      static outputFields = ['n', 'key'];
      #i = 0;
      nextTuple(): void {
        if (this.#i >= 5) return;
        const id = this.#i++;
        this.emit([id, id === 2 ? Number.NaN : id], { msgId: id });
      }
      override ack(msgId: unknown): void {
        ledger.acks.push({ msgId: msgId as number, task: this.context.taskId, at: 0 });
      }
      override fail(msgId: unknown): void {
        ledger.fails.push({ msgId: msgId as number, task: this.context.taskId, at: 0 });
      }
    }
    const b = new TopologyBuilder();
    b.setSpout('spout', NaNSpout, 1);
    // 'a' (shuffle) is routed before 'b' (fields): the fields hash throws after 'a' already got its copy.
    b.setBolt('a', captureBolt(shuffled), 1).shuffleGrouping('spout');
    b.setBolt('b', captureBolt(grouped), 2).fieldsGrouping('spout', ['key']);
    const { harness } = await withRun(b.createTopology('nan-emit'), {}, async (h) => {
      await waitFor(() => ledger.acks.length === 4, 2_000, 'the four good ids acked', h);
      await waitFor(() => h.errors.length === 1, 2_000, 'the bad emit reported', h);
    });
    expect(harness.errors[0]!.message).toContain('component "spout"');
    expect(firstNumbers(grouped)).not.toContain(2);
    // The rejected emit must not half-happen: no copy of id 2 anywhere.
    expect(firstNumbers(shuffled), 'a copy of the rejected emit reached the shuffle subscriber').not.toContain(2);
  });
});

describe('BasicBolt emits outside execute', () => {
  it('are refused with E_NOT_SUPPORTED naming component, task and stream (they could not be anchored to an input)', async () => {
    const ledger = new Ledger();
    const sink: Seen[] = [];
    const caught: unknown[] = [];
    class LateEmitter extends BasicBolt {
      static outputFields = ['n'];
      execute(t: Tuple): void {
        const n = t.getNumber('n');
        this.emit([n]);
        setTimeout(() => {
          try {
            this.emit([n + 1000]);
          } catch (error) {
            caught.push(error);
          }
        }, 1);
      }
    }
    const b = new TopologyBuilder();
    b.setSpout('spout', numberSpout(ledger, { count: 5, replay: false }), 1);
    b.setBolt('late', LateEmitter, 1).shuffleGrouping('spout');
    b.setBolt('sink', captureBolt(sink), 1).shuffleGrouping('late');
    await withRun(b.createTopology('basic-late-emit'), {}, async (h) => {
      await waitFor(() => ledger.acks.length === 5 && caught.length === 5, 5_000, 'every id acked and every late emit refused', h);
    });
    expect(firstNumbers(sink).sort((a, c) => a - c)).toEqual(range(5));
    for (const error of caught) {
      expect(codeOf(error)).toBe('E_NOT_SUPPORTED');
      expect(String((error as Error).message)).toMatch(
        /^component "late", task \d+, stream "default": a BasicBolt can emit only while execute runs/,
      );
    }
  });
});
