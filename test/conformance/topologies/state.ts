// Conformance topology "state": keyed state restored after its task is killed, and acks only after the commit.
//   source (own spout, ids 0..IDS-1, one every EMIT_GAP_MS; the ids it saw acked are kept in a file, as a broker keeps
//           committed offsets, so a restarted spout emits only what was not acked)
//     -> ledger (StatefulBolt, fields on key; per key the list of ids applied; the "observed-file" provider reports
//                each commit before it resolves; at id KILL_AT, once, its task is killed)
// How the task is killed comes from conf "conformance.kill": "worker-jvm" (Storm: kill -9 of the worker JVM, the
// multilang child's parent) or "thread" (local engine: the task's worker thread ends abruptly).
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Spout, TopologyBuilder, type Tuple } from '@twinstorm/core';
import { fileProvider, registerStateProvider, StatefulBolt, stateNamespace, type KeyValueState } from '@twinstorm/state';
import { connectProbe, type Probe } from '@twinstorm/testkit';

/** Ids the spout emits. */
export const IDS = 40;
/** Keys the ids are spread over (key = id % KEYS). */
export const KEYS = 4;
/** The kill comes at the first id from this one on executed after a commit holding ids (once: a marker file records it). */
export const KILL_AT = 20;
/** The file the ledger writes when its state is restored; the spout emits only once it exists. */
const READY_FILE = 'ledger-ready';
/** ms between two emits, so the run spans several checkpoints before the kill. */
const EMIT_GAP_MS = 25;
/** ms the killing execute waits first, so the previous commit's acks have reached the spout (see the test). */
const QUIET_BEFORE_KILL_MS = 500;
/** Conf keys of this topology: the directory for state, acked ids and the kill marker; how to kill. */
export const DIR_KEY = 'conformance.state.dir';
export const KILL_KEY = 'conformance.kill';

const dirOf = (conf: Record<string, unknown>): string => {
  const dir = conf[DIR_KEY];
  if (typeof dir !== 'string') throw new Error(`conf "${DIR_KEY}" must name a directory`);
  return dir;
};

/** The probe of each task namespace, so the provider can report that task's commits. */
const PROBES = new Map<string, Probe | null>();
/** Per task namespace, the ids its commits made durable so far (in this process). */
const COMMITTED = new Map<string, Set<number>>();

// The file provider, reporting each commit (the ids it makes durable) and waiting until the test recorded it: an ack
// the spout reports afterwards is then provably later than the commit holding its effects.
registerStateProvider({
  name: 'observed-file',
  async open(namespace, config) {
    const store = await fileProvider.open(namespace, config);
    return {
      load: () => store.load(),
      async commit(changes) {
        await store.commit(changes);
        const ids = [...changes.puts.values()].flatMap((v) => v as number[]);
        await PROBES.get(namespace)?.observeConfirmed('commit', ids);
        const committed = COMMITTED.get(namespace) ?? new Set<number>();
        for (const id of ids) committed.add(id);
        COMMITTED.set(namespace, committed);
      },
      close: () => store.close(),
    };
  },
});

/** Emits [id, key] for ids not yet acked (by any earlier incarnation), one per EMIT_GAP_MS; replays what fails. */
export class DurableSource extends Spout {
  static outputFields = ['id', 'key'];
  #queue: number[] = [];
  #nextAt = 0;
  #ackedFile = '';
  #probe: Probe | null = null;
  #waitingForLedger = true;
  override async open(): Promise<void> {
    this.#probe = await connectProbe(this);
    this.#ackedFile = join(dirOf(this.conf), `acked-${this.context.topologyName}`);
    const acked = new Set(existsSync(this.#ackedFile) ? readFileSync(this.#ackedFile, 'utf8').split('\n').filter(Boolean).map(Number) : []);
    this.#queue = Array.from({ length: IDS }, (_, id) => id).filter((id) => !acked.has(id));
    this.#probe?.observe('open', { pending: this.#queue.length });
  }
  nextTuple(): void {
    // Emit only once a ledger task is up (it may be in another worker that starts later): tuples sent before would wait
    // for it, time out and replay while their originals are still applied, which is at-least-once, not this row's subject.
    if (this.#waitingForLedger && !existsSync(join(dirOf(this.conf), READY_FILE))) return;
    this.#waitingForLedger = false;
    if (Date.now() < this.#nextAt) return;
    const id = this.#queue.shift();
    if (id === undefined) return;
    this.#nextAt = Date.now() + EMIT_GAP_MS;
    this.emit([id, id % KEYS], { msgId: id });
  }
  override ack(msgId: unknown): void {
    appendFileSync(this.#ackedFile, `${String(msgId)}\n`);
    this.#probe?.observe('ack', msgId);
  }
  override fail(msgId: unknown): void {
    this.#queue.push(msgId as number);
    this.#probe?.observe('fail', msgId);
  }
  override close(): void {
    this.#probe?.release();
  }
}

/** Per key, the ids applied to it, in keyed state; kills its own task at KILL_AT, once. */
export class Ledger extends StatefulBolt<number[]> {
  static outputFields = ['key', 'ids'];
  #ledger!: KeyValueState<number[]>;
  #probe: Probe | null = null;
  #killing = false;
  override async prepare(): Promise<void> {
    this.#probe = await connectProbe(this);
    PROBES.set(stateNamespace(this.context), this.#probe);
  }
  initState(state: KeyValueState<number[]>): void {
    this.#ledger = state;
    writeFileSync(join(dirOf(this.conf), READY_FILE), String(Date.now()));
    this.#probe?.observe(
      'restored',
      [...state].flatMap(([, ids]) => ids),
    );
  }
  async execute(t: Tuple): Promise<void> {
    const id = t.getNumber('id');
    const marker = join(dirOf(this.conf), `killed-${stateNamespace(this.context).replaceAll('/', '_')}`);
    // The first id from KILL_AT on once a commit made ids durable (so the restore has something to restore).
    // Executes run concurrently (async): #killing keeps the next ids from entering while this one waits.
    if (!this.#killing && id >= KILL_AT && (COMMITTED.get(stateNamespace(this.context))?.size ?? 0) > 0 && !existsSync(marker)) {
      this.#killing = true;
      await new Promise((resolve) => setTimeout(resolve, QUIET_BEFORE_KILL_MS));
      writeFileSync(marker, String(Date.now()));
      await this.#probe?.observeConfirmed('kill', id);
      await killThisTask(this.conf[KILL_KEY]);
    }
    const key = String(t.getNumber('key'));
    this.#ledger.put(key, [...this.#ledger.get(key, []), id]);
    this.ack(t);
  }
  override cleanup(): void {
    this.#probe?.release();
  }
}

/** Kills the task the way `how` says; never resolves (no commit can happen while this execute is in flight). */
function killThisTask(how: unknown): Promise<never> {
  if (how === 'worker-jvm') {
    const parent = readFileSync(`/proc/${process.ppid}/cmdline`, 'utf8').replaceAll('\0', ' ');
    if (!parent.includes('org.apache.storm.daemon.worker'))
      throw new Error(`the parent process is not a Storm worker: ${parent.slice(0, 200)}`);
    process.kill(process.ppid, 'SIGKILL');
    // The child goes with its worker: its stdin ends. Until then this execute stays in flight.
    return new Promise<never>(() => undefined);
  }
  if (how === 'thread') process.exit(137);
  throw new Error(`conf "${KILL_KEY}" must be "worker-jvm" or "thread", got ${JSON.stringify(how)}`);
}

/** Heavy enough that the local engine gives each its own worker thread, so killing the ledger's leaves the spout's. */
const OWN_THREAD = { 'topology.component.cpu.pcore.percent': 60 };

const b = new TopologyBuilder();
b.setSpout('source', DurableSource, 1).addConfigurations(OWN_THREAD);
b.setBolt('ledger', Ledger, 1).fieldsGrouping('source', ['key']).addConfigurations(OWN_THREAD);
export default b.createTopology('conformance-state', {
  'topology.state.provider': 'observed-file',
  'topology.state.checkpoint.interval.ms': 150,
  'topology.message.timeout.secs': 6,
});
