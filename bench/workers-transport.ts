// Micro-measurement behind the local engine's cross-thread transport (issue 5): how fast can one worker thread hand
// tuples to another? Each scheme streams the same tuples (word-count words, or 8-field events) from a sender thread
// to a receiver thread that rebuilds each tuple as an object, and reports end-to-end ns per tuple and what the sender
// spent. Run: node --import tsx bench/workers-transport.ts [--tuples N] [--json]
//
// Schemes: ring = the engine's SharedArrayBuffer SPSC ring with its binary encoding (packages/local/src/workers);
// postMessage-batch = arrays of tuples via postMessage (structured clone); v8-batch = v8.serialize of the batch,
// transferred; json-batch = JSON text via postMessage; postMessage-each = one message per tuple.
import { parseArgs } from 'node:util';
import { deserialize, serialize } from 'node:v8';
import { isMainThread, MessageChannel, parentPort, Worker, workerData, type MessagePort } from 'node:worker_threads';
import { CORPUS } from '../examples/wordcount/corpus.ts';
import { splitWords } from '../examples/wordcount/words.ts';
import { allocateRing, RingReader, RingWriter, type RingMemory, WireReader, WireWriter } from '@twinstorm/local/internals';

/** The schemes measured. */
export const SCHEMES = ['ring', 'postMessage-batch', 'v8-batch', 'json-batch', 'postMessage-each'] as const;
/** One of SCHEMES. */
export type Scheme = (typeof SCHEMES)[number];
/** The tuples streamed: word-count words, or 8-field events shaped like user-activity's. */
export type Shape = 'word' | 'event';

/** One measurement. */
export interface TransportFigure {
  scheme: Scheme;
  shape: Shape;
  tuples: number;
  /** Wall time from the first send to the last tuple rebuilt, per tuple. */
  nsPerTuple: number;
  tuplesPerSec: number;
  /** The sender's own time per tuple (encoding, copying, posting). */
  senderNsPerTuple: number;
}

interface Job {
  entry: string;
  role: 'send' | 'receive';
  scheme: Scheme;
  shape: Shape;
  tuples: number;
  batch: number;
  ring: RingMemory;
  bell: SharedArrayBuffer;
  /** The sender's end or the receiver's end of a channel between the two. */
  port: MessagePort;
}

const BATCH = 512;

if (isMainThread) {
  if (process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '-')) await main();
} else {
  await workerMain(workerData as Job);
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { tuples: { type: 'string', default: '1000000' }, json: { type: 'boolean', default: false } } });
  const tuples = Number(values.tuples);
  const figures = await measureTransports(tuples, (f) => {
    if (!values.json)
      process.stderr.write(
        `${f.shape.padEnd(5)} ${f.scheme.padEnd(18)} ${f.nsPerTuple.toFixed(0).padStart(6)} ns/tuple end to end  ${Math.round(f.tuplesPerSec).toLocaleString('en-US').padStart(11)} tuples/s  sender ${f.senderNsPerTuple.toFixed(0)} ns/tuple\n`,
      );
  });
  if (values.json) process.stdout.write(`${JSON.stringify(figures)}\n`);
}

/** Measures every scheme on both shapes (postMessage-each on a tenth of the tuples: it is that slow). */
export async function measureTransports(
  tuples: number,
  onFigure: (f: TransportFigure) => void = () => undefined,
): Promise<TransportFigure[]> {
  const out: TransportFigure[] = [];
  for (const shape of ['word', 'event'] as const) {
    for (const scheme of SCHEMES) {
      const n = scheme === 'postMessage-each' ? Math.max(1000, Math.floor(tuples / 10)) : tuples;
      const f = await measure(scheme, shape, n);
      out.push(f);
      onFigure(f);
    }
  }
  return out;
}

async function measure(scheme: Scheme, shape: Shape, tuples: number): Promise<TransportFigure> {
  const ring = allocateRing(1 << 20);
  const bell = new SharedArrayBuffer(8);
  // A direct channel between the two threads, so postMessage schemes do not hop through this thread.
  const { port1, port2 } = new MessageChannel();
  const bootstrap = new URL('../packages/local/src/workers/bootstrap.js', import.meta.url);
  const job = (role: Job['role'], port: MessagePort): Job => ({
    entry: import.meta.url,
    role,
    scheme,
    shape,
    tuples,
    batch: BATCH,
    ring,
    bell,
    port,
  });
  const receiver = new Worker(bootstrap, { workerData: job('receive', port2), transferList: [port2] });
  const sender = new Worker(bootstrap, { workerData: job('send', port1), transferList: [port1] });
  const next = (w: Worker): Promise<unknown> =>
    new Promise((resolve, reject) => {
      w.once('message', resolve);
      w.once('error', reject);
    });
  await Promise.all([next(receiver), next(sender)]);
  const received = next(receiver) as Promise<{ at: number }>;
  const sent = next(sender) as Promise<{ start: number; senderMs: number }>;
  sender.postMessage('go');
  const [r, s] = await Promise.all([received, sent]);
  await Promise.all([sender.terminate(), receiver.terminate()]);
  const ms = r.at - s.start;
  return {
    scheme,
    shape,
    tuples,
    nsPerTuple: (ms * 1e6) / tuples,
    tuplesPerSec: tuples / (ms / 1000),
    senderNsPerTuple: (s.senderMs * 1e6) / tuples,
  };
}

/** The tuples: words of the word-count corpus, or events shaped like user-activity's. */
function makeValues(shape: Shape): unknown[][] {
  if (shape === 'word') {
    const words = CORPUS.flatMap((s) => splitWords(s));
    return words.map((w) => [w]);
  }
  return Array.from({ length: 997 }, (_, i) => [
    i * 7919,
    `user-${i % 200}`,
    'login',
    1_700_000_000_000 + i * 1000,
    `10.0.${i % 256}.${(i * 7) % 256}`,
    (i % 17) / 7,
    i % 3 === 0,
    `dept-${i % 12}`,
  ]);
}

function absoluteNow(): number {
  return performance.timeOrigin + performance.now();
}

async function workerMain(job: Job): Promise<void> {
  const port = parentPort!;
  const bell = new Int32Array(job.bell);
  const values = makeValues(job.shape);
  if (job.role === 'send') {
    const go = new Promise<void>((resolve) => port.once('message', () => resolve()));
    port.postMessage('ready');
    await go;
    const start = absoluteNow();
    const t0 = performance.now();
    send(job, values, job.port, bell);
    port.postMessage({ start, senderMs: performance.now() - t0 });
    return;
  }
  receive(job, job.port, () => port.postMessage({ at: absoluteNow() }), bell);
  port.postMessage('ready');
}

function send(job: Job, values: unknown[][], port: MessagePort, bell: Int32Array): void {
  const n = job.tuples;
  if (job.scheme === 'ring') {
    const ring = new RingWriter(job.ring);
    const w = new WireWriter();
    for (let i = 0; i < n; i++) {
      const v = values[i % values.length]!;
      w.reserve(32);
      w.u8(1);
      w.i32(7);
      w.i32(3);
      w.f64(i * 4096 + 1);
      w.i32(i | 0);
      w.i32(~i);
      w.u8(v.length);
      for (let k = 0; k < v.length; k++) w.value(v[k]);
      if ((i + 1) % job.batch === 0 || i === n - 1) {
        while (!ring.tryWrite(w.bytes, 0, w.pos, false)) Atomics.wait(bell, 1, Atomics.load(bell, 1), 1);
        Atomics.add(bell, 0, 1);
        Atomics.notify(bell, 0);
        w.pos = 0;
      }
    }
    return;
  }
  let batch: unknown[] = [];
  for (let i = 0; i < n; i++) {
    const v = values[i % values.length]!;
    const t = [7, 3, i * 4096 + 1, i | 0, ~i, v];
    if (job.scheme === 'postMessage-each') {
      port.postMessage(t);
      continue;
    }
    batch.push(t);
    if (batch.length === job.batch || i === n - 1) {
      if (job.scheme === 'postMessage-batch') port.postMessage(batch);
      else if (job.scheme === 'json-batch') port.postMessage(JSON.stringify(batch));
      else {
        const b = serialize(batch);
        const ab = b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
        port.postMessage(ab, [ab]);
      }
      batch = [];
    }
  }
}

/** What the receiver rebuilds per tuple: the fields the engine's LocalTuple carries. */
interface Rebuilt {
  task: number;
  source: number;
  root: number;
  hi: number;
  lo: number;
  values: unknown[];
}

function receive(job: Job, port: MessagePort, finish: () => void, bell: Int32Array): void {
  let got = 0;
  let sink = 0;
  const take = (t: Rebuilt): void => {
    got++;
    sink += t.values.length + t.task;
  };
  if (job.scheme === 'ring') {
    const ring = new RingReader(job.ring);
    const r = new WireReader();
    const handle = (bytes: Uint8Array, view: DataView, start: number, length: number): void => {
      r.reset(bytes, view, start);
      const end = start + length;
      while (r.pos < end) {
        r.u8();
        const task = r.i32();
        const source = r.i32();
        const root = r.f64();
        const hi = r.i32();
        const lo = r.i32();
        const k = r.u8();
        const vals = new Array<unknown>(k);
        for (let i = 0; i < k; i++) vals[i] = r.value();
        take({ task, source, root, hi, lo, values: vals });
      }
    };
    const loop = (): void => {
      for (;;) {
        const seen = Atomics.load(bell, 0);
        if (ring.read(handle, 64) > 0) {
          Atomics.add(bell, 1, 1);
          Atomics.notify(bell, 1);
        }
        if (got >= job.tuples) {
          if (sink < 0) process.stderr.write('impossible\n');
          return finish();
        }
        if (!ring.hasData) Atomics.wait(bell, 0, seen, 5);
      }
    };
    setImmediate(loop);
    return;
  }
  const rebuild = (t: unknown[]): void =>
    take({
      task: t[0] as number,
      source: t[1] as number,
      root: t[2] as number,
      hi: t[3] as number,
      lo: t[4] as number,
      values: t[5] as unknown[],
    });
  port.on('message', (m: unknown) => {
    if (job.scheme === 'postMessage-each') rebuild(m as unknown[]);
    else {
      const batch =
        job.scheme === 'json-batch'
          ? (JSON.parse(m as string) as unknown[][])
          : job.scheme === 'v8-batch'
            ? (deserialize(new Uint8Array(m as ArrayBuffer)) as unknown[][])
            : (m as unknown[][]);
      for (const t of batch) rebuild(t);
    }
    if (got >= job.tuples) finish();
  });
}
