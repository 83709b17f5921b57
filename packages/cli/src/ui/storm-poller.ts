import type { NimbusOptions, StormTopologyListing, StormTopologySummary } from '@twinstorm/cluster';
import { stormRunView, type RunView } from '@twinstorm/web';

/** How `twinstorm ui` asks Nimbus (the cluster package's functions; fakes in tests). */
export interface StormLookups {
  listTopologies(options: NimbusOptions): Promise<StormTopologyListing[]>;
  stormTopologyStatus(name: string, options: NimbusOptions & { installIfMissing: boolean }): Promise<StormTopologySummary>;
}

/** Each Nimbus round trip starts a JVM, so the page's Storm figures are refreshed this often, not per request. */
const POLL_MS = 10_000;

/**
 * Keeps the views of the topologies on a Nimbus, refreshed in the background: the page reads the latest without
 * waiting on Nimbus, and an unreachable Nimbus only empties the Storm part (the reason is kept for the log).
 */
export class StormPoller {
  #views: RunView[] = [];
  #timer: NodeJS.Timeout | undefined;
  #lastProblem = '';

  constructor(
    private readonly lookups: StormLookups,
    private readonly nimbus: NimbusOptions,
    private readonly onProblem: (message: string) => void,
  ) {}

  /** Polls now, then every POLL_MS until stop(). */
  start(): void {
    const tick = async (): Promise<void> => {
      await this.poll();
      this.#timer = setTimeout(() => void tick(), POLL_MS);
      this.#timer.unref();
    };
    void tick();
  }

  stop(): void {
    clearTimeout(this.#timer);
  }

  views(): RunView[] {
    return this.#views;
  }

  async poll(): Promise<void> {
    try {
      const listed = await this.lookups.listTopologies(this.nimbus);
      const views: RunView[] = [];
      for (const t of listed.filter((x) => x.status !== 'KILLED')) {
        views.push(stormRunView(await this.lookups.stormTopologyStatus(t.name, { ...this.nimbus, installIfMissing: false })));
      }
      this.#views = views;
      this.#lastProblem = '';
    } catch (error) {
      this.#views = [];
      const message = error instanceof Error ? error.message : String(error);
      if (message !== this.#lastProblem) this.onProblem(`twinstorm: Storm topologies not shown: ${message}`);
      this.#lastProblem = message;
    }
  }
}
