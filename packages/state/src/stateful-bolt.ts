import { Bolt, type Conf, type TopologyContext, type Tuple } from '@twinstorm/core';
import { componentPort } from '@twinstorm/core/runtime';
import { Checkpointer, type CheckpointStats } from './checkpointer.ts';
import { clockOf } from './clock.ts';
import { StateError } from './errors.ts';
import { CheckpointedState, type KeyValueState } from './key-value-state.ts';
import type { JsonValue } from './json-value.ts';
import { checkpointIntervalMs, stateProviderOf } from './state-conf.ts';

const STRICT_KEY = 'twinstorm.local.strict';

/** The namespace a task's state is stored under: the same on every runtime and across restarts of the task. */
export function stateNamespace(context: TopologyContext): string {
  return `${context.topologyName}/${context.componentId}/${context.taskId}`;
}

/**
 * Storm's IStatefulBolt: `initState(state)` is called after prepare and before the first tuple, with the task's state
 * as of its last checkpoint. Acks are held until the state that holds the tuple's effects is committed (every
 * `topology.state.checkpoint.interval.ms`), so after a crash the unacked tuples replay against the last committed state.
 */
export abstract class StatefulBolt<V extends JsonValue = JsonValue> extends Bolt {
  #checkpointer: Checkpointer | null = null;
  #state: CheckpointedState<V> | null = null;

  /** Receives the task's state (restored from its last checkpoint) before the first tuple. */
  abstract initState(state: KeyValueState<V>): void | Promise<void>;

  constructor() {
    super();
    // The runtime calls prepare, execute and cleanup on the instance: wrap the subclass's own methods so the state is
    // restored before prepare returns and every execute runs inside the checkpoint protocol, whatever the subclass does.
    const prepare = this.prepare.bind(this);
    const execute = this.execute.bind(this);
    const cleanup = this.cleanup.bind(this);
    this.prepare = async (conf: Conf, context: TopologyContext) => {
      await prepare(conf, context);
      await this.#open(conf, context);
    };
    this.execute = (tuple: Tuple) => {
      if (this.#checkpointer === null) {
        throw new StateError('E_STATE_LIFECYCLE', 'execute before the state was restored', { component: this.context.componentId });
      }
      return this.#checkpointer.run(tuple, execute);
    };
    this.cleanup = async () => {
      await this.#checkpointer?.stop();
      await cleanup();
    };
  }

  /** Marks the tuple processed; the runtime sees the ack once the state holding its effects is committed. */
  override ack(tuple: Tuple): void {
    if (this.#checkpointer === null) componentPort(this).ack(tuple);
    else this.#checkpointer.deferAck(tuple);
  }

  /**
   * The conf the state is opened with (provider, its config, the checkpoint interval): `conf` itself unless a subclass
   * maps keys of its own onto Storm's (e.g. an application's `myapp.state=redis`), read at prepare on every runtime.
   */
  protected stateConf(conf: Conf): Conf {
    return conf;
  }

  /** Commits now instead of at the next interval (resolves once the commit and its acks are done). */
  checkpointNow(): Promise<void> {
    return this.#checkpointer?.checkpoint() ?? Promise.resolve();
  }

  /** Commits, failed commits and held acks of this task. */
  get checkpointStats(): CheckpointStats {
    return this.#checkpointer?.stats ?? { commits: 0, failedCommits: 0, pendingAcks: 0 };
  }

  /** The task's state (for tests and tools; the bolt itself uses the one initState received). */
  get state(): KeyValueState<V> {
    if (this.#state === null) {
      throw new StateError('E_STATE_LIFECYCLE', 'the state is restored in prepare(); it is not there yet', {});
    }
    return this.#state;
  }

  async #open(topologyConf: Conf, context: TopologyContext): Promise<void> {
    const conf = this.stateConf(topologyConf);
    const site = { component: context.componentId, task: context.taskId };
    const { provider, config } = stateProviderOf(conf, context.componentId);
    const interval = checkpointIntervalMs(conf, context.componentId);
    let committed: Map<string, JsonValue>;
    let store;
    try {
      store = await provider.open(stateNamespace(context), config);
      committed = await store.load();
    } catch (error) {
      if (error instanceof StateError) throw error;
      throw new StateError('E_STATE_PROVIDER', `the ${provider.name} state provider failed to load: ${(error as Error).message}`, site, {
        cause: error,
      });
    }
    const state = new CheckpointedState<V>(committed, conf[STRICT_KEY] === true, site);
    const port = componentPort(this);
    const checkpointer = new Checkpointer(state, store, {
      ack: (t) => port.ack(t),
      fail: (t) => port.fail(t),
      reportError: (e) => port.reportError(e),
    });
    this.#state = state;
    await this.initState(state);
    this.#checkpointer = checkpointer;
    checkpointer.start(clockOf(this), interval);
  }
}
