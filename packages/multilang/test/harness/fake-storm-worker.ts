/**
 * A fake Storm worker for one multilang task: drives a child exactly as storm-client 2.8's ShellBolt / ShellSpout
 * do and fails on anything for which Storm would kill the worker (see fatal.ts for the list).
 *
 * What it reproduces (ShellBolt.java, ShellSpout.java, ShellProcess.java, JsonSerializer.java, ShellBoltMessageQueue):
 * - the child's stdin and stdout are real pipes, as ProcessBuilder makes them (spawnChild; socketpairs on request);
 * - handshake `{pidDir, conf, context}` (src/protocol/storm-context.ts) in json-smart's dialect; the reply's pid
 *   must be the child's and `<pidDir>/<pid>` must exist;
 * - bolt tuples `{id, comp, stream, task, tuple}` with ids `Long.toString(random.nextLong())` (signed 64-bit text);
 * - a heartbeat timer every second (first after one second) that raises a flag; the writer sends the heartbeat
 *   `{id, comp: null, stream: "__heartbeat", task: -1, tuple: []}` before anything queued, then task-id replies,
 *   then tuples (ShellBoltMessageQueue's priority); the bolt dies when nothing came from the child for the
 *   subprocess timeout; any message from the child counts as alive;
 * - task-id replies (bare arrays) for each regular emit whose `need_task_ids` is absent or true;
 * - spouts: strict request/reply (`activate`, `next`, `ack`, `fail`, `deactivate` with `id`), each ended by `sync`.
 * A spout's log/error written between requests is read by Storm with the next request (a warning here); an emit or
 * a sync there is fatal.
 * Stricter than Storm, on purpose: JSON is parsed strictly; a heartbeat must be answered within
 * `heartbeatReplyWithinMs`; wrong field counts are fatal (Storm checks them only in local mode).
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { assignTaskIds } from '@twinstorm/core/runtime';
import { javaHashMapOrder } from '../../src/protocol/java-map-order.ts';
import { buildStormHandshake, type StormHandshake } from '../../src/protocol/storm-context.ts';
import { spawnChild, type ChildExit, type ChildTransport } from './child.ts';
import type {
  EmitRecord,
  ExitReport,
  FakeStormOptions,
  HarnessEvent,
  ShellRole,
  SpoutReply,
  StopOptions,
} from './fake-storm-worker-types.ts';
import { HarnessTimeoutError, StormFatalError, type FatalReason } from './fatal.ts';
import { checkEmit, checkMessage, checkMetrics, type EmitRules } from './protocol-rules.ts';
import { topologyRouter, type Router } from './routing.ts';
import { ShellWriter } from './shell-writer.ts';
import { excerpt, FrameReadError, StormFrameReader } from './storm-reader.ts';
import { toStormJson } from './storm-writer.ts';

/** A bolt input the harness sent and has not seen acked or failed yet. */
interface PendingInput {
  readonly sentAt: number;
  readonly stream: string;
  settle?: (outcome: 'ack' | 'fail') => void;
}

interface SpoutRequest {
  readonly command: string;
  readonly sentAt: number;
  readonly emits: EmitRecord[];
  readonly messages: Array<Record<string, unknown>>;
  resolve(reply: SpoutReply): void;
  reject(err: unknown): void;
}

const BOLT_MSG_KEYS = javaHashMapOrder(['id', 'comp', 'stream', 'task', 'tuple']);
const SPOUT_MSG_KEYS = javaHashMapOrder(['command', 'id']);
const HEARTBEAT_STREAM = '__heartbeat';

/** The fake Storm worker. Create with `FakeStorm.start`, always `stop()` it (or `dispose()` in a finally). */
export class FakeStorm {
  readonly role: ShellRole;
  readonly taskId: number;
  readonly handshake: StormHandshake;
  readonly events: HarnessEvent[] = [];
  readonly emits: EmitRecord[] = [];
  readonly acks: Array<{ t: number; id: string }> = [];
  readonly fails: Array<{ t: number; id: string }> = [];
  readonly logs: Array<{ t: number; msg: string; level: number | undefined }> = [];
  readonly errors: Array<{ t: number; msg: string }> = [];
  readonly metrics: Array<{ t: number; name: string; params: unknown }> = [];
  /** Storm-tolerated oddities (a bolt's unknown command, an unsolicited sync, a multi-line frame). */
  readonly warnings: string[] = [];
  /** Reply latency of each answered heartbeat, ms. */
  readonly heartbeatLatencies: number[] = [];
  /** Counters (always kept, even with collect off). */
  readonly counts = { framesIn: 0, framesOut: 0, tuplesSent: 0, acks: 0, fails: 0, emits: 0, heartbeatsSent: 0, taskIdReplies: 0 };
  /** The child's pid as reported in the handshake. */
  pid = 0;
  /** The first fatal condition, if any. */
  fatal: StormFatalError | undefined;
  /** Set once the child has exited. */
  exit: ChildExit | undefined;

  readonly #opts: FakeStormOptions;
  readonly #t0 = performance.now();
  readonly #child: ChildTransport;
  readonly #pidDir: string;
  readonly #reader: StormFrameReader;
  readonly #router: Router;
  readonly #taskIds: ReadonlyMap<string, readonly number[]>;
  /** Where sendTuple's tuples come from unless told: the component's first input. */
  readonly #defaultSource: { readonly component: string; readonly stream: string; readonly task: number };
  readonly #emitRules: EmitRules;
  readonly #inputs = new Map<string, PendingInput>();
  readonly #heartbeats: Array<{ id: string; raisedAt: number }> = [];
  /** boltMsgTemplate by comp, stream and task. */
  readonly #boltTemplates = new Map<string, readonly [string, string, string]>();
  readonly #writer: ShellWriter;
  readonly #stderr: string[] = [];
  #stderrChars = 0;
  #lastFromChild = 0;
  #timer: NodeJS.Timeout | undefined;
  #handshakeWaiter: { resolve(v: unknown): void; reject(e: unknown): void } | undefined;
  #request: SpoutRequest | undefined;
  #exitExpected = false;
  #stopping = false;
  #exitedAt = 0;
  readonly #exited: Promise<ChildExit>;
  readonly #listeners = new Set<() => void>();
  readonly #subprocessTimeoutMs: number;

  private constructor(opts: FakeStormOptions, child: ChildTransport, pidDir: string, taskId: number) {
    this.#opts = opts;
    this.#child = child;
    this.#pidDir = pidDir;
    this.taskId = taskId;
    const component = opts.spec.components.find((c) => c.id === opts.componentId)!;
    this.role = component.kind === 'spout' ? 'spout' : 'bolt';
    this.#emitRules = {
      role: this.role,
      streams: new Map(Object.entries(component.streams)),
      isPending: (id) => this.#inputs.has(id),
      strictFieldCount: opts.strictFieldCount !== false,
      serializer: opts.serializer ?? 'twinstorm',
    };
    this.#router = opts.router ?? topologyRouter(opts.spec, opts.componentId);
    this.#taskIds = assignTaskIds(opts.spec);
    const input = component.inputs[0];
    const source = input?.component ?? 'source';
    this.#defaultSource = { component: source, stream: input?.stream ?? 'default', task: this.#taskIds.get(source)?.[0] ?? 1 };
    this.#reader = new StormFrameReader();
    this.handshake = buildStormHandshake(opts.spec, taskId, {
      pidDir,
      ...(opts.clusterConf === undefined ? {} : { clusterConf: opts.clusterConf }),
    });
    const conf = this.handshake.conf;
    const secs = conf['topology.subprocess.timeout.secs'] ?? conf['supervisor.worker.timeout.secs'];
    this.#subprocessTimeoutMs = opts.subprocessTimeoutMs ?? (typeof secs === 'number' ? secs * 1000 : 30_000);

    this.#writer = new ShellWriter(child.stdin, {
      heartbeatFrame: (raisedAt) => {
        const id = randomLongId();
        this.#heartbeats.push({ id, raisedAt });
        this.counts.heartbeatsSent++;
        return this.#boltMsg(id, null, HEARTBEAT_STREAM, -1, []);
      },
      onWrite: (text) => {
        this.counts.framesOut++;
        this.#recordOut(text, text);
      },
      coalesce: opts.coalesceWrites === true,
    });
    child.stdout.on('data', (chunk: Buffer) => this.#onStdout(chunk));
    child.stderr?.on('data', (chunk: Buffer) => this.#onStderr(chunk));
    this.#exited = child.exited.then((exit) => {
      this.#onExit(exit);
      return exit;
    });
  }

  /** Starts the child, performs the handshake and checks the pid file; bolts then get heartbeats every second. */
  static async start(opts: FakeStormOptions): Promise<FakeStorm> {
    const tasks = assignTaskIds(opts.spec).get(opts.componentId);
    if (tasks === undefined || opts.spec.components.every((c) => c.id !== opts.componentId)) {
      throw new Error(`FakeStorm: no component "${opts.componentId}" in topology "${opts.spec.name}"`);
    }
    const taskId = tasks[opts.taskIndex ?? 0];
    if (taskId === undefined) throw new Error(`FakeStorm: "${opts.componentId}" has no task index ${opts.taskIndex}`);
    const pidDir = await mkdtemp(join(tmpdir(), 'twinstorm-pids-'));
    let child: ChildTransport;
    if (opts.transport !== undefined) child = await opts.transport();
    else if (opts.command !== undefined && opts.command.length > 0) {
      const [cmd, ...args] = opts.command as [string, ...string[]];
      child = spawnChild(cmd, args, opts.spawn);
    } else throw new Error('FakeStorm: give `command` or `transport`');
    const storm = new FakeStorm(opts, child, pidDir, taskId);
    try {
      await storm.#doHandshake();
    } catch (err) {
      await storm.dispose();
      throw err;
    }
    return storm;
  }

  /** ms since start. */
  now(): number {
    return performance.now() - this.#t0;
  }

  /** The child's command line or transport description. */
  get description(): string {
    return this.#child.description;
  }

  /** Bolt inputs sent and not yet acked or failed. */
  get pendingInputs(): number {
    return this.#inputs.size;
  }

  // ---------------------------------------------------------------- bolt side

  /**
   * Sends one tuple as ShellBolt.execute does; returns its id. `settled` (when given) learns whether it was acked
   * or failed. Resolves once the tuple is queued (Storm's queue is bounded by max.pending; ours is not).
   */
  sendTuple(
    values: readonly unknown[],
    opts: { comp?: string; stream?: string; task?: number; onSettled?: (outcome: 'ack' | 'fail') => void } = {},
  ): string {
    this.#assertRole('bolt', 'sendTuple');
    const id = randomLongId();
    const comp = opts.comp ?? this.#defaultSource.component;
    const stream = opts.stream ?? this.#defaultSource.stream;
    const task = opts.task ?? (opts.comp === undefined ? this.#defaultSource.task : (this.#taskIds.get(comp)?.[0] ?? 1));
    const pending: PendingInput = { sentAt: this.now(), stream };
    if (opts.onSettled !== undefined) pending.settle = opts.onSettled;
    this.#inputs.set(id, pending);
    this.counts.tuplesSent++;
    this.#writer.enqueue(this.#boltMsg(id, comp, stream, task, values), 'message');
    return id;
  }

  /** Sends a tuple and resolves with its outcome (acked or failed) and the emits anchored to it. */
  process(values: readonly unknown[], opts: { comp?: string; stream?: string; task?: number } = {}): Promise<'ack' | 'fail'> {
    return new Promise((resolve, reject) => {
      const off = this.#onFatalOnce(reject);
      this.sendTuple(values, {
        ...opts,
        onSettled: (outcome) => {
          off();
          resolve(outcome);
        },
      });
    });
  }

  /** Sends a tick tuple (`__system` / `__tick`, task -1, `[freqSecs]`), as the executor does when ticks are on. */
  sendTick(freqSecs = 1): string {
    return this.sendTuple([freqSecs], { comp: '__system', stream: '__tick', task: -1 });
  }

  /** Raises the heartbeat flag now (as the 1 s timer does): the heartbeat goes out before anything queued. */
  sendHeartbeat(): void {
    this.#assertRole('bolt', 'sendHeartbeat');
    this.#writer.raiseHeartbeat(this.now());
  }

  /** Heartbeats sent and not yet answered with sync. */
  get outstandingHeartbeats(): number {
    return this.#heartbeats.length;
  }

  // ---------------------------------------------------------------- spout side

  /** `activate`, then resolves at the child's sync. */
  activate(): Promise<SpoutReply> {
    return this.#spoutRequest('activate', '');
  }

  /** `deactivate`, then resolves at the child's sync. */
  deactivate(): Promise<SpoutReply> {
    return this.#spoutRequest('deactivate', '');
  }

  /** One `next` round: everything the spout emitted before its sync. */
  next(): Promise<SpoutReply> {
    return this.#spoutRequest('next', '');
  }

  /** Tells the spout its tuple tree `msgId` completed. */
  ackSpout(msgId: unknown): Promise<SpoutReply> {
    return this.#spoutRequest('ack', msgId);
  }

  /** Tells the spout its tuple tree `msgId` failed. */
  failSpout(msgId: unknown): Promise<SpoutReply> {
    return this.#spoutRequest('fail', msgId);
  }

  // ---------------------------------------------------------------- raw access

  /** Writes bytes as they are (malformed-input tests). */
  writeRaw(data: string | Buffer): Promise<void> {
    this.#recordOut(undefined, typeof data === 'string' ? data : data.toString('utf8'));
    return new Promise((resolve) => {
      if (this.#child.stdin.writableEnded || this.#child.stdin.destroyed) return resolve();
      this.#child.stdin.write(data, () => resolve());
    });
  }

  /**
   * Sends one recorded frame text (replay): bolt tuples are registered as pending inputs, heartbeats as
   * outstanding, spout commands as the outstanding request, so validation applies as in a live session.
   */
  sendFrameText(text: string): Promise<SpoutReply | undefined> {
    const value: unknown = JSON.parse(text);
    if (!Array.isArray(value) && typeof value === 'object' && value !== null) {
      const m = value as Record<string, unknown>;
      if (this.role === 'spout' && typeof m['command'] === 'string') {
        return this.#spoutRequest(m['command'], m['id'], text);
      }
      if (typeof m['id'] === 'string') {
        if (m['stream'] === HEARTBEAT_STREAM) {
          this.#heartbeats.push({ id: m['id'], raisedAt: this.now() });
          this.counts.heartbeatsSent++;
        } else {
          this.#inputs.set(m['id'], { sentAt: this.now(), stream: String(m['stream']) });
          this.counts.tuplesSent++;
        }
      }
    }
    this.#writer.enqueue(text, Array.isArray(value) ? 'task-ids' : 'message');
    return Promise.resolve(undefined);
  }

  /** Closes the child's stdin (EOF), as a dying worker does. */
  closeStdin(): void {
    this.#exitExpected = true;
    this.#child.stdin.end();
  }

  /** Sends a signal to the child; its exit is then expected. */
  signal(sig: NodeJS.Signals): void {
    this.#exitExpected = true;
    this.#child.signal(sig);
  }

  /** Declares that the child is about to exit on its own (e.g. after bad input), so its exit is not fatal. */
  expectExit(): void {
    this.#exitExpected = true;
  }

  // ---------------------------------------------------------------- waiting

  /**
   * Polls `probe` until it returns something other than undefined/false, or fails at the deadline with a
   * diagnostic dump. Also fails at once when a fatal condition is recorded (unless `allowFatal`).
   */
  async waitFor<T>(what: string, probe: () => T | undefined | false, opts: { timeoutMs?: number; allowFatal?: boolean } = {}): Promise<T> {
    const deadline = performance.now() + (opts.timeoutMs ?? 10_000);
    for (;;) {
      if (this.fatal !== undefined && opts.allowFatal !== true) throw this.fatal;
      const v = probe();
      if (v !== undefined && v !== false) return v;
      const left = deadline - performance.now();
      if (left <= 0)
        throw new HarnessTimeoutError(`timed out after ${opts.timeoutMs ?? 10_000} ms waiting for ${what}\n${this.diagnostics()}`);
      await this.#changed(Math.min(left, 50));
    }
  }

  /** Waits for the child to exit (marking the exit as expected) and reports how it ended. */
  async waitForExit(timeoutMs = 5000, since = this.now()): Promise<ExitReport> {
    this.#exitExpected = true;
    const exit = await this.waitFor('the child to exit', () => this.exit, { timeoutMs, allowFatal: true });
    return { ...exit, elapsedMs: this.#exitedAt - since, trailing: this.#reader.pending(), killed: exit.signal === 'SIGKILL' };
  }

  /** Throws the recorded fatal condition, if any. */
  assertHealthy(): void {
    if (this.fatal !== undefined) throw this.fatal;
  }

  /** Recent frames both ways, warnings, pending state and the child's stderr tail. */
  diagnostics(): string {
    const recent = this.events
      .slice(-25)
      .map(
        (e) =>
          `  ${e.t.toFixed(1).padStart(9)} ms ${e.dir === 'to-child' ? '->' : '<-'} ${clip(e.text ?? (typeof e.msg === 'string' ? e.msg : safeJson(e.msg)), 300)}`,
      );
    const hb = this.#heartbeats.map((h) => `${h.id}@${h.raisedAt.toFixed(0)}`).join(', ');
    return [
      `--- fake Storm diagnostics: ${this.role} ${this.#opts.componentId} task ${this.taskId}, child ${this.#child.description} (pid ${this.pid || this.#child.pid})`,
      `counts: ${JSON.stringify(this.counts)}; pending inputs ${this.#inputs.size}; outstanding heartbeats [${hb}]; spout request ${this.#request?.command ?? 'none'}`,
      `exit: ${this.exit === undefined ? 'running' : JSON.stringify(this.exit)}; unread stdout: ${excerpt(this.#reader.pending(), 300)}`,
      ...(this.warnings.length > 0 ? [`warnings: ${this.warnings.slice(-10).join(' | ')}`] : []),
      `recent frames (${this.events.length} in all${this.#opts.collect === false ? ', collection off' : ''}):`,
      ...recent,
      `stderr tail:`,
      ...this.stderrText()
        .split('\n')
        .slice(-30)
        .map((l) => `  | ${l}`),
      '---',
    ].join('\n');
  }

  /** Everything the child wrote to stderr (the last 256 kB). */
  stderrText(): string {
    return this.#stderr.join('');
  }

  /** The recorded session as JSONL (header line, then one line per frame); needs `record: true`. */
  transcript(): string {
    const header = {
      type: 'header',
      role: this.role,
      componentId: this.#opts.componentId,
      taskIndex: this.#opts.taskIndex ?? 0,
      spec: this.#opts.spec,
    };
    const lines = [JSON.stringify(header)];
    for (const e of this.events) {
      if (e.text === undefined) throw new Error('transcript(): start the FakeStorm with record: true');
      lines.push(JSON.stringify({ t: Math.round(e.t * 1000) / 1000, dir: e.dir, text: e.text }));
    }
    return `${lines.join('\n')}\n`;
  }

  // ---------------------------------------------------------------- stopping

  /**
   * Ends the child (EOF by default, or SIGTERM), SIGKILL after the grace period, removes the pid dir, and
   * throws the first fatal condition seen during the session unless `allowFatal`.
   */
  async stop(opts: StopOptions = {}): Promise<ExitReport> {
    const report = await this.#terminate(opts.via ?? 'eof');
    if (this.fatal !== undefined && opts.allowFatal !== true) throw this.fatal;
    return report;
  }

  /** stop() without throwing; for finally blocks. */
  async dispose(): Promise<void> {
    await this.#terminate('eof').catch(() => undefined);
  }

  async #terminate(via: 'eof' | 'SIGTERM'): Promise<ExitReport> {
    this.#stopping = true;
    this.#exitExpected = true;
    if (this.#timer !== undefined) clearInterval(this.#timer);
    const grace = this.#opts.stopGraceMs ?? 2000;
    const since = this.now();
    let killed = false;
    if (this.exit === undefined) {
      if (via === 'eof') this.#child.stdin.end();
      else this.#child.signal('SIGTERM');
      if (!(await this.#exitWithin(grace))) {
        this.#child.signal('SIGTERM');
        if (!(await this.#exitWithin(grace))) {
          killed = true;
          this.#child.signal('SIGKILL');
          await this.#exited;
        }
      }
    }
    await rm(this.#pidDir, { recursive: true, force: true });
    const exit = this.exit ?? (await this.#exited);
    return { ...exit, elapsedMs: Math.max(0, this.#exitedAt - since), trailing: this.#reader.pending(), killed };
  }

  async #exitWithin(ms: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
    const done = await Promise.race([this.#exited.then(() => true as const), timeout]);
    clearTimeout(timer);
    return done;
  }

  // ---------------------------------------------------------------- internals: handshake

  async #doHandshake(): Promise<void> {
    const reply = new Promise<unknown>((resolve, reject) => (this.#handshakeWaiter = { resolve, reject }));
    this.#writer.enqueue(toStormJson(this.handshake), 'message');
    const timeoutMs = this.#opts.handshakeTimeoutMs ?? 30_000;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new HarnessTimeoutError(`no handshake reply within ${timeoutMs} ms\n${this.diagnostics()}`)),
        timeoutMs,
      );
    });
    let value: unknown;
    try {
      value = await Promise.race([reply, timeout]);
    } finally {
      clearTimeout(timer);
      this.#handshakeWaiter = undefined;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw this.#fail('not-an-object', `handshake reply is not an object: ${safeJson(value)}`);
    }
    const pid = (value as Record<string, unknown>)['pid'];
    if (typeof pid !== 'number' || !Number.isInteger(pid))
      throw this.#fail('handshake', `handshake reply has no integer pid: ${safeJson(value)}`);
    const expected = this.#opts.expectPid ?? this.#child.pid;
    if (pid !== expected) throw this.#fail('handshake', `handshake pid ${pid} is not the child's pid ${expected}`);
    if (!existsSync(join(this.#pidDir, String(pid))))
      throw this.#fail('handshake', `no pid file ${join(this.#pidDir, String(pid))} after the pid reply`);
    this.pid = pid;
    if (this.role === 'bolt') {
      const period = this.#opts.heartbeatIntervalMs ?? 1000;
      if (period > 0) {
        this.#timer = setInterval(() => this.#heartbeatTick(), period);
        this.#timer.unref();
      }
    }
  }

  // ---------------------------------------------------------------- internals: writing

  #boltMsg(id: string, comp: string | null, stream: string, task: number, tuple: readonly unknown[]): string {
    // The frame around the id and the values depends only on (comp, stream, task): built once, as toStormJson
    // would write it (boltMsgTemplate), then spliced per tuple. Ids are digits and '-' (randomLongId): no escaping.
    const key = `${comp === null ? '\u0000' : comp}\u0000${stream}\u0000${task}`;
    let template = this.#boltTemplates.get(key);
    if (template === undefined) {
      template = boltMsgTemplate(comp, stream, task);
      this.#boltTemplates.set(key, template);
    }
    const [beforeTuple, beforeId, after] = template;
    return `${beforeTuple}${toStormJson(tuple)}${beforeId}${id}${after}`;
  }

  #heartbeatTick(): void {
    if (this.exit !== undefined || this.#stopping) return;
    const now = this.now();
    if (now - this.#lastFromChild > this.#subprocessTimeoutMs) {
      this.#fail(
        'heartbeat-timeout',
        `nothing from the child for ${(now - this.#lastFromChild).toFixed(0)} ms (subprocess timeout ${this.#subprocessTimeoutMs} ms)`,
      );
      return;
    }
    const oldest = this.#heartbeats[0];
    const limit = this.#opts.heartbeatReplyWithinMs ?? this.#subprocessTimeoutMs;
    if (oldest !== undefined && now - oldest.raisedAt > limit) {
      this.#fail('heartbeat-late', `heartbeat ${oldest.id} unanswered after ${(now - oldest.raisedAt).toFixed(0)} ms (limit ${limit} ms)`);
      return;
    }
    this.#writer.raiseHeartbeat(now);
  }

  #recordOut(msg: string | undefined, text: string): void {
    if (this.#opts.collect === false && this.#opts.record !== true) return;
    const e: HarnessEvent = {
      t: this.now(),
      dir: 'to-child',
      msg: msg === undefined ? text : safeParse(msg),
      ...(this.#opts.record === true ? { text } : {}),
    };
    this.events.push(e);
  }

  // ---------------------------------------------------------------- internals: reading

  #onStdout(chunk: Buffer): void {
    if (this.fatal !== undefined) return;
    let frames;
    try {
      frames = this.#reader.push(chunk);
    } catch (err) {
      if (err instanceof FrameReadError) {
        this.#fail(err.message.startsWith('frame exceeds') ? 'frame-too-large' : 'invalid-json', err.message);
        return;
      }
      throw err;
    }
    for (const frame of frames) {
      this.counts.framesIn++;
      this.#lastFromChild = this.now();
      if (frame.lines > 1) this.warnings.push(`a frame spanning ${frame.lines} lines: ${excerpt(frame.text, 80)}`);
      if (this.#opts.collect !== false || this.#opts.record === true) {
        this.events.push({
          t: this.now(),
          dir: 'from-child',
          msg: frame.value,
          ...(this.#opts.record === true ? { text: frame.text } : {}),
        });
      }
      if (this.#handshakeWaiter !== undefined) {
        this.#handshakeWaiter.resolve(frame.value);
        this.#handshakeWaiter = undefined;
        continue;
      }
      try {
        this.#onMessage(frame.value, frame.text);
      } catch (err) {
        if (err instanceof StormFatalError) return;
        throw err;
      }
      if (this.fatal !== undefined) return;
    }
    this.#notify();
  }

  #onMessage(value: unknown, text: string): void {
    const checked = checkMessage(value, text);
    if (!checked.ok) throw this.#fail(checked.reason, checked.message);
    const { command, message } = checked.value;
    if (this.role === 'spout') this.#onSpoutMessage(command, message, text);
    else this.#onBoltMessage(command, message, text);
    this.#opts.onMessage?.(message);
  }

  #onBoltMessage(command: string, m: Record<string, unknown>, text: string): void {
    const t = this.now();
    switch (command) {
      case 'ack':
      case 'fail': {
        const id = m['id'];
        const input = typeof id === 'string' ? this.#inputs.get(id) : undefined;
        if (input === undefined || typeof id !== 'string') {
          const hb = typeof id === 'string' && this.#heartbeatIdsSeen(id);
          throw this.#fail(
            'unknown-id',
            `${command === 'ack' ? 'Acked' : 'Failed'} a non-existent or already acked/failed id: ${safeJson(id)}${hb ? ' (a heartbeat id: heartbeats must never be acked)' : ''}`,
          );
        }
        this.#inputs.delete(id);
        if (command === 'ack') {
          this.counts.acks++;
          if (this.#opts.collect !== false) this.acks.push({ t, id });
        } else {
          this.counts.fails++;
          if (this.#opts.collect !== false) this.fails.push({ t, id });
        }
        input.settle?.(command);
        return;
      }
      case 'emit':
        this.#onEmit(m, text, t);
        return;
      case 'sync': {
        const hb = this.#heartbeats.shift();
        if (hb === undefined) this.warnings.push(`a sync with no heartbeat outstanding at ${t.toFixed(0)} ms`);
        else {
          const latency = t - hb.raisedAt;
          this.heartbeatLatencies.push(latency);
          const limit = this.#opts.heartbeatReplyWithinMs ?? this.#subprocessTimeoutMs;
          if (latency > limit)
            throw this.#fail('heartbeat-late', `heartbeat ${hb.id} answered after ${latency.toFixed(0)} ms (limit ${limit} ms)`);
        }
        return;
      }
      case 'log':
      case 'error':
      case 'metrics':
        this.#onCommon(command, m, text, t);
        return;
      default:
        // ShellBolt's reader ignores commands it does not know.
        this.warnings.push(`unknown bolt command "${command}" (Storm ignores it): ${excerpt(text, 80)}`);
    }
  }

  #onSpoutMessage(command: string, m: Record<string, unknown>, text: string): void {
    const req = this.#request;
    const t = this.now();
    if (req === undefined) {
      // ShellSpout reads only while a request is outstanding, so this waits in the pipe and is read as part of the
      // next request: harmless for log/error/metrics (a warning), fatal for an emit (outside next, ack or fail) or a
      // sync (it would end the next request before its work).
      if (command === 'log' || command === 'error' || command === 'metrics') {
        this.warnings.push(
          `spout ${command} while no request was outstanding (Storm reads it with the next request): ${excerpt(text, 120)}`,
        );
        this.#onCommon(command, m, text, t);
        return;
      }
      throw this.#fail(
        'spout-unsolicited',
        `the spout wrote "${command}" while no request was outstanding (ShellSpout only reads during next/ack/fail/activate/deactivate): ${excerpt(text)}`,
      );
    }
    switch (command) {
      case 'sync':
        this.#request = undefined;
        req.resolve({ emits: req.emits, messages: req.messages, elapsedMs: t - req.sentAt });
        return;
      case 'emit': {
        const e = this.#onEmit(m, text, t);
        req.emits.push(e);
        req.messages.push(m);
        return;
      }
      case 'log':
      case 'error':
      case 'metrics':
        this.#onCommon(command, m, text, t);
        req.messages.push(m);
        return;
      default:
        throw this.#fail(
          'unknown-command',
          `Unknown command received: ${command} (ShellSpout accepts sync, emit, log, error, metrics): ${excerpt(text)}`,
        );
    }
  }

  #onCommon(command: 'log' | 'error' | 'metrics', m: Record<string, unknown>, text: string, t: number): void {
    const collect = this.#opts.collect !== false;
    const msg = typeof m['msg'] === 'string' ? m['msg'] : '';
    if (command === 'log') {
      if (collect) this.logs.push({ t, msg, level: typeof m['level'] === 'number' ? Math.trunc(m['level']) : undefined });
    } else if (command === 'error') {
      if (collect) this.errors.push({ t, msg });
    } else {
      const checked = checkMetrics(m, text, this.#opts.registeredMetrics ?? []);
      if (!checked.ok) throw this.#fail(checked.reason, checked.message);
      if (collect) this.metrics.push({ t, ...checked.value });
    }
  }

  #onEmit(m: Record<string, unknown>, text: string, t: number): EmitRecord {
    const checked = checkEmit(m, text, this.#emitRules);
    if (!checked.ok) throw this.#fail(checked.reason, checked.message);
    const e = checked.value;
    let taskIds: number[] | undefined;
    if (e.task === 0 && e.needTaskIds && this.#opts.autoTaskIds !== false) {
      taskIds = this.#router(e.stream, e.tuple);
      this.counts.taskIdReplies++;
      this.#writer.enqueue(toStormJson(taskIds), 'task-ids');
    }
    this.counts.emits++;
    const record: EmitRecord = { t, ...e, taskIds };
    if (this.#opts.collect !== false) this.emits.push(record);
    return record;
  }

  #onStderr(chunk: Buffer): void {
    const s = chunk.toString('utf8');
    this.#stderr.push(s);
    this.#stderrChars += s.length;
    while (this.#stderrChars > 256 * 1024 && this.#stderr.length > 1) this.#stderrChars -= this.#stderr.shift()!.length;
    this.#notify();
  }

  #onExit(exit: ChildExit): void {
    this.exit = exit;
    this.#exitedAt = this.now();
    if (this.#timer !== undefined) clearInterval(this.#timer);
    if (this.#handshakeWaiter !== undefined) {
      this.#handshakeWaiter.reject(this.#fail('child-exit', `the child exited (${describeExit(exit)}) before the handshake reply`));
    } else if (!this.#exitExpected && this.fatal === undefined) {
      this.#fail('child-exit', `the child exited unexpectedly (${describeExit(exit)})`);
    }
    if (this.#request !== undefined) this.#request.reject(this.fatal ?? new Error(`the child exited during "${this.#request.command}"`));
    this.#notify();
  }

  // ---------------------------------------------------------------- internals: misc

  #spoutRequest(command: string, id: unknown, text?: string): Promise<SpoutReply> {
    this.#assertRole('spout', command);
    if (this.#request !== undefined)
      throw new Error(`FakeStorm: "${command}" while "${this.#request.command}" is outstanding (ShellSpout sends one request at a time)`);
    if (this.fatal !== undefined) return Promise.reject(this.fatal);
    const limit = this.#subprocessTimeoutMs;
    return new Promise<SpoutReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        if (this.#request === req) this.#fail('spout-timeout', `no sync for "${command}" within ${limit} ms (subprocess timeout)`);
      }, limit);
      timer.unref();
      const req: SpoutRequest = {
        command,
        sentAt: this.now(),
        emits: [],
        messages: [],
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e instanceof Error ? e : new Error(String(e)));
        },
      };
      this.#request = req;
      let frame = text;
      if (frame === undefined) {
        const m: Record<string, unknown> = { command, id };
        const ordered: Record<string, unknown> = {};
        for (const k of SPOUT_MSG_KEYS) ordered[k] = m[k];
        frame = toStormJson(ordered);
      }
      this.#writer.enqueue(frame, 'message');
    });
  }

  #fail(reason: FatalReason, message: string): StormFatalError {
    if (this.fatal === undefined) {
      this.fatal = new StormFatalError(reason, message, this.diagnostics());
      if (this.#timer !== undefined) clearInterval(this.#timer);
      this.#request?.reject(this.fatal);
      this.#request = undefined;
      // Storm's worker dies: the child's stdin closes.
      this.#exitExpected = true;
      this.#child.stdin.end();
      this.#notify();
    }
    return this.fatal;
  }

  #onFatalOnce(reject: (e: unknown) => void): () => void {
    const check = (): void => {
      if (this.fatal !== undefined) {
        this.#listeners.delete(check);
        reject(this.fatal);
      }
    };
    this.#listeners.add(check);
    return () => this.#listeners.delete(check);
  }

  #heartbeatIdsSeen(id: string): boolean {
    return this.events.some(
      (e) => e.dir === 'to-child' && typeof e.msg === 'object' && e.msg !== null && (e.msg as Record<string, unknown>)['id'] === id,
    );
  }

  #assertRole(role: ShellRole, what: string): void {
    if (this.role !== role) throw new Error(`FakeStorm: ${what} is for ${role}s; "${this.#opts.componentId}" is a ${this.role}`);
  }

  #notify(): void {
    for (const l of [...this.#listeners]) l();
  }

  #changed(maxMs: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.#listeners.delete(done);
        resolve();
      };
      const timer = setTimeout(done, maxMs);
      this.#listeners.add(done);
    });
  }
}

const TUPLE_MARK = '\ue000tuple\ue000';
const ID_MARK = '\ue000id\ue000';

/**
 * A bolt message `{id, comp, stream, task, tuple}` in Storm's key order, as toStormJson writes it, cut around the
 * tuple and the id: [text before the tuple, text between tuple and id (with the id's opening quote), the rest].
 */
export function boltMsgTemplate(comp: string | null, stream: string, task: number): readonly [string, string, string] {
  const m: Record<string, unknown> = { id: ID_MARK, comp, stream, task, tuple: TUPLE_MARK };
  const ordered: Record<string, unknown> = {};
  for (const k of BOLT_MSG_KEYS) ordered[k] = m[k];
  const text = toStormJson(ordered);
  const t = text.indexOf(`"${TUPLE_MARK}"`);
  const i = text.indexOf(ID_MARK);
  if (t < 0 || i < t) throw new Error(`boltMsgTemplate: unexpected key order in ${text}`);
  return [text.slice(0, t), text.slice(t + TUPLE_MARK.length + 2, i), text.slice(i + ID_MARK.length)];
}

/** Storm's tuple ids: `Long.toString(random.nextLong())`, any signed 64-bit value (so often beyond 2^53). */
function randomLongId(): string {
  const hi = BigInt(Math.floor(Math.random() * 0x100000000));
  const lo = BigInt(Math.floor(Math.random() * 0x100000000));
  return BigInt.asIntN(64, (hi << 32n) | lo).toString();
}

/** A frame for the diagnostic dump: as written, control characters made visible, clipped. */
function clip(text: string, max: number): string {
  // eslint-disable-next-line no-control-regex
  const visible = text.replace(/[\u0000-\u001f]/g, (c) => (c === '\n' ? '⏎' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));
  return visible.length > max ? `${visible.slice(0, max)}…(${text.length} chars)` : visible;
}

function describeExit(exit: ChildExit): string {
  return exit.signal !== null ? `signal ${exit.signal}` : `exit code ${String(exit.code)}`;
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
