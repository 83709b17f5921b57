import {
  killTopology,
  listTopologies,
  packageTopology,
  stormTopologyStatus,
  submitTopology,
  type StormTopologySummary,
} from '@twinstorm/cluster';
import type { ConfValue } from '@twinstorm/core';

/** The part of Storm's status the testkit reads (the cluster package's summary). */
export type StormStatus = StormTopologySummary;

/** What the Storm session needs from @twinstorm/cluster, in one place (each call to Nimbus starts a JVM). */
export const stormApi = {
  /** Builds the topology jar of the wrapper module. */
  async packageTopology(options: { topologyPath: string; outFile: string; extraResources?: readonly string[] }): Promise<void> {
    await packageTopology(options);
  },
  /** Submits the jar under `name`. */
  async submitTopology(options: { jar: string; name: string; nimbus?: string; conf?: Readonly<Record<string, ConfValue>> }): Promise<void> {
    await submitTopology(options);
  },
  /** Asks Nimbus to kill it after `waitSecs`. */
  async killTopology(name: string, waitSecs: number, nimbus: string | undefined): Promise<void> {
    await killTopology(name, { waitSecs, ...(nimbus === undefined ? {} : { nimbus }) });
  },
  /** Nimbus's view of the topology (counters, last errors). */
  topologyStatus(name: string, nimbus: string | undefined): Promise<StormStatus> {
    return stormTopologyStatus(name, nimbus === undefined ? {} : { nimbus });
  },
  /** True once Nimbus no longer lists the topology at all (killed and removed). */
  async isGone(name: string, nimbus: string | undefined): Promise<boolean> {
    const list = await listTopologies(nimbus === undefined ? {} : { nimbus });
    return !list.some((t) => t.name === name);
  },
};
