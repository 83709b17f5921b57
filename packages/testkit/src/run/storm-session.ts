import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import {
  formatNimbus,
  killTopology,
  listTopologies,
  packageTopology,
  stormTopologyStatus,
  submitTopology,
  type NimbusOptions,
  type StormTopologySummary,
} from '@twinstorm/cluster';
import { TestkitError } from '../errors.ts';
import { beforeDeadline, type RuntimeSession, type SessionStart } from './session.ts';
import type { NimbusAddress } from './types.ts';
import { errorMessage } from '@twinstorm/core/runtime';

/** Conf every testkit run on Storm gets. */
const STORM_TEST_CONF = { 'topology.testing.always.try.serialize': true } as const;

/** How long the kill may take until Nimbus no longer lists the topology. */
const GONE_TIMEOUT_MS = 90_000;
/** How often Nimbus is asked while waiting (each ask is a JVM start: keep it rare on a small machine). */
const POLL_MS = 2_000;

/** True once Nimbus no longer lists the topology at all (killed and removed). */
async function isGone(name: string, nimbus: NimbusOptions): Promise<boolean> {
  return !(await listTopologies(nimbus)).some((t) => t.name === name);
}

/** With TWINSTORM_TESTKIT_DEBUG=1, one stderr line per phase of a Storm run, with the time since the run began. */
function phaseLogger(label: string): (what: string) => void {
  if (process.env['TWINSTORM_TESTKIT_DEBUG'] !== '1') return () => undefined;
  const t0 = Date.now();
  return (what) => process.stderr.write(`[testkit] ${label}: ${what} at +${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
}

/** Where to find Nimbus; no `nimbus` means the cluster package's default ($TWINSTORM_NIMBUS, else 127.0.0.1:6627). */
function nimbusOptions(nimbus: NimbusAddress | undefined): NimbusOptions {
  if (nimbus === undefined) return {};
  return { nimbus: typeof nimbus === 'string' ? nimbus : formatNimbus(nimbus) };
}

/** A topology name Storm accepts and no other run uses: the topology's name plus a random suffix. */
function uniqueName(name: string): string {
  return `${name.replace(/[^A-Za-z0-9_-]/g, '_')}-tk${randomBytes(4).toString('hex')}`;
}

/**
 * Packages the wrapper module into a topology jar, submits it under a unique name, and on stop kills it (wait 0)
 * and waits until Nimbus no longer lists it, so the next run finds free slots. Errors come from Nimbus's status.
 */
export async function startStormSession(start: SessionStart): Promise<RuntimeSession> {
  const phase = phaseLogger(start.label);
  const nimbus = nimbusOptions(start.options.nimbus);
  const name = uniqueName(start.topology.name);
  const jar = join(start.dir, 'app.jar');
  const timeout = (what: string) => () => new TestkitError('E_TIMEOUT', `${start.label}: ${what} did not finish before the deadline`);
  try {
    await beforeDeadline(
      packageTopology({
        topologyPath: start.wrapperPath,
        outFile: jar,
        ...(start.options.resources === undefined ? {} : { extraResources: [start.options.resources] }),
      }),
      start.deadline,
      timeout('packaging'),
    );
  } catch (error) {
    throw wrap('E_START', `${start.label}: cannot package the topology`, error);
  }
  phase('packaged');
  try {
    await beforeDeadline(
      // Serialize every tuple, even between tasks of one worker, so a value Kryo cannot carry between workers fails
      // here too (Storm hands tuples to tasks in the same worker without serializing them).
      submitTopology({ jar, name, conf: STORM_TEST_CONF, ...nimbus }),
      start.deadline,
      timeout('submitting'),
    );
  } catch (error) {
    throw wrap('E_START', `${start.label}: cannot submit the topology as "${name}"`, error);
  }
  phase(`submitted as "${name}"`);
  let lastStatus: StormTopologySummary | null = null;
  let stopped = false;
  const status = async (): Promise<StormTopologySummary | null> => {
    try {
      lastStatus = await stormTopologyStatus(name, nimbus);
    } catch {
      // Diagnostics only: keep the last good status.
    }
    return lastStatus;
  };
  return {
    topologyName: name,
    failure: () => null,
    stormWorkers: () => lastStatus?.workers ?? null,
    describe: async () => {
      const s = await status();
      return s === null
        ? `storm topology "${name}": no status from Nimbus`
        : `storm topology "${name}" status:\n${JSON.stringify(s, null, 1)}`;
    },
    errors: async (expectFrom, deadline) => {
      for (;;) {
        const s = await status();
        const errors = s === null ? {} : errorsOf(s);
        if (expectFrom.every((c) => (errors[c]?.length ?? 0) > 0) || Date.now() + POLL_MS > deadline) return errors;
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
    },
    stop: async () => {
      if (stopped) return;
      stopped = true;
      phase('done, killing');
      try {
        await killTopology(name, { waitSecs: 0, ...nimbus });
      } catch (error) {
        if (!(await isGone(name, nimbus))) throw wrap('E_STORM', `cannot kill storm topology "${name}"`, error);
      }
      const deadline = Date.now() + GONE_TIMEOUT_MS;
      while (!(await isGone(name, nimbus))) {
        if (Date.now() > deadline)
          throw new TestkitError('E_STORM', `storm topology "${name}" is still listed by Nimbus ${GONE_TIMEOUT_MS} ms after its kill`);
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
      phase('gone');
    },
  };
}

/** Errors per component from Nimbus's status: the last errors Storm keeps for each. */
function errorsOf(status: StormTopologySummary): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const e of status.lastErrors ?? []) (out[e.component] ??= []).push(e.message);
  return out;
}

function wrap(code: 'E_START' | 'E_STORM', what: string, error: unknown): TestkitError {
  if (error instanceof TestkitError) return error;
  return new TestkitError(code, `${what}: ${errorMessage(error)}`, { cause: error });
}
