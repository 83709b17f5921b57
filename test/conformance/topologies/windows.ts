// Conformance topology "windows": each window kind in one topology, each windowed bolt reporting every window it ran.
//   tumbleIn (fixture, [id]) -> countTumbling: 3 tuples
//   slideIn (fixture, [id])  -> countSliding: 4 tuples, every 2
//   paced (own spout, [id], one every PACED_GAP_MS) -> timeTumbling: 1000 ms
//                                                    -> timeSliding: 1000 ms, every 500 ms
//   timed (own spout, [id, ts], one every TIMED_GAP_MS) -> eventTime: 1000 ms tumbling on field ts, lag 200 ms,
//                                                          watermark every 100 ms, late tuples on stream "late"
// Each window emits [ids of get(), ids of getNew(), ids of getExpired(), start, end] (anchored to the window).
import { Spout, TopologyBuilder, type SpoutClass } from '@twinstorm/core';
import { WindowedBolt, windowConf, type TupleWindow } from '@twinstorm/state';
import { connectProbe, type Probe } from '@twinstorm/testkit';

/** Ids the paced spout emits. */
export const PACED_IDS = 30;
const PACED_GAP_MS = 100;
/** The timed spout's [id, event time]: id 4 is out of order within the lag, id 6 is late. */
export const TIMED: ReadonlyArray<readonly [number, number]> = [
  [0, 100],
  [1, 500],
  [2, 900],
  [3, 1300],
  [4, 1250],
  [5, 2100],
  [6, 600],
  [7, 3500],
  [8, 5000],
  [9, 7000],
];
const TIMED_GAP_MS = 400;

/** Stands in for a real source; the testkit replaces it with a fixture spout. */
export class IdSpout extends Spout {
  static outputFields = ['id'];
  nextTuple(): void {}
}

/** Emits `tuples` one every `gapMs`, each once (no replay), and reports each ack and fail. */
function pacedSpout(fields: string[], tuples: ReadonlyArray<readonly unknown[]>, gapMs: number): SpoutClass {
  return class PacedSpout extends Spout {
    static outputFields = fields;
    #next = 0;
    #nextAt = 0;
    #probe: Probe | null = null;
    override async open(): Promise<void> {
      this.#probe = await connectProbe(this);
    }
    nextTuple(): void {
      const values = tuples[this.#next];
      if (values === undefined || Date.now() < this.#nextAt) return;
      this.#nextAt = Date.now() + gapMs;
      this.emit(values, { msgId: this.#next++ });
    }
    override ack(msgId: unknown): void {
      this.#probe?.observe('ack', msgId);
    }
    override fail(msgId: unknown): void {
      this.#probe?.observe('fail', msgId);
    }
    override close(): void {
      this.#probe?.release();
    }
  };
}

/** [id] every PACED_GAP_MS. */
export const PacedSpout = pacedSpout(
  ['id'],
  Array.from({ length: PACED_IDS }, (_, id) => [id]),
  PACED_GAP_MS,
);
/** [id, ts] every TIMED_GAP_MS. */
export const TimedSpout = pacedSpout(['id', 'ts'], TIMED, TIMED_GAP_MS);

/** Reports each window: the ids it holds, the new ones, the expired ones, and its bounds. */
export class WindowReport extends WindowedBolt {
  static outputs = { default: ['ids', 'newIds', 'expiredIds', 'start', 'end'], late: ['id', 'ts'] };
  execute(window: TupleWindow): void {
    const ids = (tuples: readonly { get(field: string): unknown }[]) => tuples.map((t) => t.get('id') as number);
    this.emit([ids(window.get()), ids(window.getNew()), ids(window.getExpired()), window.getStartTimestamp(), window.getEndTimestamp()]);
  }
}

const b = new TopologyBuilder();
b.setSpout('tumbleIn', IdSpout, 1);
b.setSpout('slideIn', IdSpout, 1);
b.setSpout('paced', PacedSpout, 1);
b.setSpout('timed', TimedSpout, 1);
b.setBolt('countTumbling', WindowReport, 1)
  .shuffleGrouping('tumbleIn')
  .addConfigurations(windowConf({ length: { count: 3 } }));
b.setBolt('countSliding', WindowReport, 1)
  .shuffleGrouping('slideIn')
  .addConfigurations(windowConf({ length: { count: 4 }, slide: { count: 2 } }));
b.setBolt('timeTumbling', WindowReport, 1)
  .shuffleGrouping('paced')
  .addConfigurations(windowConf({ length: { ms: 1000 } }));
b.setBolt('timeSliding', WindowReport, 1)
  .shuffleGrouping('paced')
  .addConfigurations(windowConf({ length: { ms: 1000 }, slide: { ms: 500 } }));
b.setBolt('eventTime', WindowReport, 1)
  .shuffleGrouping('timed')
  .addConfigurations(windowConf({ length: { ms: 1000 }, timestampField: 'ts', lagMs: 200, watermarkIntervalMs: 100, lateStream: 'late' }));
export default b.createTopology('conformance-windows', { 'topology.message.timeout.secs': 8 });
