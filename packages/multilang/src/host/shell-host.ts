import type { Component } from '@twinstorm/core';
import { MultilangError, type MultilangErrorCode } from '../errors.ts';
import { hostSettings, type HostSettings } from './host-conf.ts';
import { multilangLogLevel } from './log-level.ts';
import { messagePreview, ProtocolViolation, type ShellMessage } from './shell-message.ts';
import { hostHandshake, hostTopologySpec } from './host-handshake.ts';
import { RestartPolicy } from './restart-policy.ts';
import { describeCommand, ShellChild, type ShellLaunch } from './shell-child.ts';
import { errorMessage } from '@twinstorm/core/runtime';

/** How often heartbeats are sent and timeouts checked (Storm's timer period). */
const TICK_MS = 1000;

/**
 * What ShellBolt and ShellSpout share: spawning the subprocess of one task with Storm's handshake, the timer that
 * drives heartbeats and timeouts, and supervision — a fatal condition (exit, timeout, protocol violation) is
 * reported with the component, task, cause and the child's last stderr lines, the subclass releases what the child
 * held, and the child is respawned after a bounded back-off until too many failures pile up in the restart window.
 */
export abstract class ShellHost {
  /** The running subprocess; null while (re)spawning, after giving up, or once closed. */
  protected child: ShellChild | null = null;
  /** Bumped for each new subprocess, so what belonged to a dead one can be recognised. */
  protected generation = 0;
  /** When the current child last sent anything (ms, monotonic enough: Date.now as Storm uses). */
  protected lastHeard = 0;
  protected readonly settings: HostSettings;
  readonly #policy: RestartPolicy;
  #closing = false;
  #gaveUp = false;
  #timer: NodeJS.Timeout | null = null;
  #respawnTimer: NodeJS.Timeout | null = null;
  readonly #stopping = new Set<Promise<void>>();
  /** A respawn in progress (close waits for it, then stops what it started). */
  #respawning: Promise<void> | null = null;
  readonly #warned = new Set<string>();

  constructor(
    protected readonly component: Component,
    protected readonly launch: ShellLaunch,
    private readonly cls: unknown,
  ) {
    this.settings = hostSettings(component.conf);
    this.#policy = new RestartPolicy(this.settings);
  }

  /** True once respawning stopped for good. */
  get gaveUp(): boolean {
    return this.#gaveUp;
  }

  /** True once close() began. */
  protected get closing(): boolean {
    return this.#closing;
  }

  /** Spawns the first subprocess; a failure here fails the task's open/prepare (the run does not start). */
  async start(): Promise<void> {
    const child = await this.#spawn();
    this.#attach(child);
    this.#timer = setInterval(() => this.#tick(), TICK_MS);
    this.#timer.unref();
  }

  /** A message from the current child; a throw is the child's fault and fatal (ProtocolViolation names its code). */
  protected abstract handle(child: ShellChild, message: unknown): void;

  /** Handles a message from the current child (stale children are filtered out before this is called). */
  #onMessage(child: ShellChild, message: unknown): void {
    try {
      this.handle(child, message);
    } catch (error) {
      if (error instanceof ProtocolViolation) this.fatal(child, error.code, error.message);
      else this.fatal(child, 'E_PROTOCOL', `sent ${messagePreview(message)}, which failed: ${errorMessage(error)}`);
    }
  }
  /** A new child is attached and may be written to. */
  protected abstract onReady(child: ShellChild): void;
  /** The child died: release what it held; returns a phrase for the report (e.g. "failed its 3 pending tuples"). */
  protected abstract onDeath(): string;
  /** Respawning stopped for good: release whatever waits for a child. */
  protected abstract onGiveUp(): void;
  /** Once a second with a live child: heartbeats and timeout checks. */
  protected abstract onTick(child: ShellChild, now: number): void;

  /** What bolt and spout children both may send: `log` (levels 0..4), `error` (reported) and `metrics` (ignored here). */
  protected reportFromChild(msg: ShellMessage): void {
    if (msg.command === 'log') this.component.log(String(msg['msg']), multilangLogLevel(msg['level']));
    else if (msg.command === 'error') this.component.reportError(new Error(`Shell Process Exception: ${String(msg['msg'])}`));
    else
      this.warnOnce(
        'metrics',
        `subprocess sent "metrics" ${messagePreview(msg['name'])}: the local engine has no registered shell metrics, so it is ignored (Storm needs an IShellMetric registered under that name)`,
      );
  }

  /** Logs a warning once per key for this task. */
  protected warnOnce(key: string, message: string): void {
    if (this.#warned.has(key)) return;
    this.#warned.add(key);
    this.component.log(`${message} (logged once)`, 'warn');
  }

  /** True while `child` is the live child: events of dead or replaced children are ignored. */
  protected isCurrent(child: ShellChild): boolean {
    return this.child === child;
  }

  /**
   * Storm's `die`: what Storm would kill the worker for. Locally the run stays up: report, release, kill, respawn.
   */
  protected fatal(child: ShellChild, code: MultilangErrorCode, cause: string): void {
    if (!this.isCurrent(child)) return;
    this.child = null;
    this.generation++;
    const stderr = child.stderrReport();
    this.#stop(child);
    const released = this.onDeath();
    this.component.reportError(
      new MultilangError(code, `subprocess \`${describeCommand(this.launch)}\` (pid ${child.pid}) ${cause}; ${released}${stderr}`),
    );
    this.#respawnLater();
  }

  /** Stops timers and the subprocess (closing stdin, SIGTERM, SIGKILL after the grace period) and waits for it. */
  async close(): Promise<void> {
    this.#closing = true;
    if (this.#timer !== null) clearInterval(this.#timer);
    if (this.#respawnTimer !== null) clearTimeout(this.#respawnTimer);
    this.#timer = null;
    this.#respawnTimer = null;
    const child = this.child;
    this.child = null;
    if (child !== null) this.#stop(child);
    this.onGiveUp();
    await this.#respawning;
    await Promise.all([...this.#stopping]);
  }

  #tick(): void {
    const child = this.child;
    if (child !== null) this.onTick(child, Date.now());
  }

  async #spawn(): Promise<ShellChild> {
    const { context, conf } = this.component;
    const spec = hostTopologySpec(context, conf, this.cls);
    try {
      return await ShellChild.start(
        this.launch,
        {
          message: (pidDir) => hostHandshake(spec, context.taskId, conf, pidDir),
          timeoutMs: this.settings.timeoutMs,
        },
        (line) => this.component.log(`stderr: ${line}`, 'info'),
      );
    } catch (error) {
      const code = error instanceof MultilangError ? error.code : 'E_SUBPROCESS';
      const text = errorMessage(error);
      throw new MultilangError(code, `subprocess \`${describeCommand(this.launch)}\`${this.#where()}: ${text}`, {}, { cause: error });
    }
  }

  #where(): string {
    return this.launch.cwd === undefined ? '' : ` (cwd ${this.launch.cwd})`;
  }

  #attach(child: ShellChild): void {
    this.child = child;
    this.lastHeard = Date.now();
    child.attach({
      onMessage: (message) => {
        if (!this.isCurrent(child)) return;
        this.lastHeard = Date.now();
        this.#onMessage(child, message);
      },
      onBroken: (error) => this.fatal(child, error.code, `broke the protocol: ${error.message}`),
      onExit: (how) => this.fatal(child, 'E_SUBPROCESS', how),
      onStderr: (line) => this.component.log(`stderr: ${line}`, 'info'),
    });
    if (this.isCurrent(child)) this.onReady(child);
  }

  #respawnLater(): void {
    if (this.#closing) return;
    const delay = this.#policy.failed();
    if (delay === null) {
      this.#gaveUp = true;
      this.component.reportError(
        new MultilangError(
          'E_RESPAWN_LIMIT',
          `subprocess \`${describeCommand(this.launch)}\` failed ${this.#policy.recentFailures} times within ${this.settings.restartWindowMs / 1000} s; not respawning it again: this task now fails its input (restart the run once the cause is fixed)`,
        ),
      );
      this.onGiveUp();
      return;
    }
    this.#respawnTimer = setTimeout(() => {
      this.#respawnTimer = null;
      this.#respawning = this.#respawn().finally(() => (this.#respawning = null));
    }, delay);
  }

  async #respawn(): Promise<void> {
    let child: ShellChild;
    try {
      child = await this.#spawn();
    } catch (error) {
      if (this.#closing) return;
      this.component.reportError(error);
      this.#respawnLater();
      return;
    }
    if (this.#closing) {
      this.#stop(child);
      return;
    }
    this.component.log(`respawned subprocess \`${describeCommand(this.launch)}\` (pid ${child.pid})`, 'warn');
    this.#attach(child);
  }

  #stop(child: ShellChild): void {
    const stopping = child.stop(this.settings.killGraceMs).finally(() => this.#stopping.delete(stopping));
    this.#stopping.add(stopping);
  }
}
