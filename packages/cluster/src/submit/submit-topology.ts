import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import type { ConfValue } from '@twinstorm/core';
import { ClusterError } from '../errors.ts';
import { runJavaMain } from '../nimbus/java-main.ts';
import { formatNimbus, resolveNimbus } from '../nimbus/nimbus-address.ts';
import { probeNimbus } from '../nimbus/probe.ts';
import { packageTopology, type PackageResult } from '../package/package-topology.ts';
import { confArgs } from './conf-args.ts';
import { checkConf } from '@twinstorm/core/runtime';
import { stormClasspath } from './storm-classpath.ts';

/** What to submit: a topology jar, or a topology module to package first. */
export type SubmitOptions = ({ jar: string; topologyPath?: never } | { topologyPath: string; jar?: never }) & {
  /** The export holding the Topology when packaging a module; default `default`. */
  exportName?: string;
  /** Directories for the jar's resources/ when packaging (see packageTopology). */
  extraResources?: readonly string[];
  /** The name on the cluster; default the topology's own name. */
  name?: string;
  /** `host:port`; default $TWINSTORM_NIMBUS, else 127.0.0.1:6627. */
  nimbus?: string;
  /** Topology conf overrides (Storm's key names), over the spec's conf. */
  conf?: Readonly<Record<string, ConfValue>>;
  /** How long the submit may take; default 5 minutes (uploading the jar included). */
  timeoutMs?: number;
};

/** What Nimbus accepted. */
export interface SubmitResult {
  name: string;
  /** Storm's topology id (e.g. wordcount-1-1700000000), when Nimbus reported it. */
  id: string | null;
  nimbus: string;
  /** Set when a module was packaged on the way (its jar was a temporary file, removed once Nimbus had it). */
  packaged?: PackageResult;
}

/**
 * `twinstorm submit`: runs the runner jar's TopologyMain (StormSubmitter) against Nimbus with the topology jar on
 * the classpath and as storm.jar — no `storm` script needed. A .ts/.js module is packaged into a temporary jar first.
 * Failures are ClusterErrors carrying the Java side's line: E_NIMBUS_UNREACHABLE, E_TOPOLOGY_EXISTS, E_SUBMIT.
 */
export async function submitTopology(options: SubmitOptions): Promise<SubmitResult> {
  const address = resolveNimbus(options.nimbus);
  const nimbus = formatNimbus(address);
  // The same rules as the topology's own conf (and `twinstorm run --conf`), before anything is packaged or sent.
  const conf = confArgs(checkConf(options.conf ?? {}, undefined));
  if (options.name !== undefined && !/^[^/.:\\]+$/.test(options.name)) {
    throw new ClusterError('E_INVALID_ARGUMENT', `topology name "${options.name}" must be non-empty and contain none of / . : \\`);
  }
  const given = options.jar ?? options.topologyPath;
  if (!existsSync(given) || (options.jar !== undefined && extname(given) !== '.jar')) {
    throw new ClusterError('E_INVALID_ARGUMENT', `${given}: no such ${options.jar === undefined ? 'topology module' : '.jar file'}`);
  }
  await probeNimbus(address); // before packaging: no point bundling for a Nimbus that is not there
  let temp: string | undefined;
  let packaged: PackageResult | undefined;
  let jar: string;
  try {
    if (options.jar !== undefined) {
      jar = resolve(options.jar);
    } else {
      temp = await mkdtemp(join(tmpdir(), 'twinstorm-submit-'));
      packaged = await packageTopology({
        topologyPath: options.topologyPath,
        outFile: join(temp, 'app.jar'),
        ...(options.exportName === undefined ? {} : { exportName: options.exportName }),
        ...(options.extraResources === undefined ? {} : { extraResources: options.extraResources }),
        ...(options.conf === undefined ? {} : { conf: options.conf }),
      });
      jar = packaged.jar;
    }
    const args = ['--nimbus', nimbus, ...(options.name === undefined ? [] : ['--name', options.name]), ...conf];
    const answer = await runJavaMain({
      mainClass: 'dev.twinstorm.storm.submit.TopologyMain',
      classpath: [await stormClasspath(), jar],
      systemProperties: { 'storm.jar': jar },
      args,
      what: `submitting ${options.name ?? packaged?.topology ?? jar} to Nimbus at ${nimbus}`,
      failureCode: 'E_SUBMIT',
      timeoutMs: options.timeoutMs ?? 5 * 60_000,
    });
    const { submitted, id } = (answer ?? {}) as { submitted?: unknown; id?: unknown };
    if (typeof submitted !== 'string') {
      throw new ClusterError('E_SUBMIT', `TopologyMain answered ${JSON.stringify(answer)} instead of {"submitted": name, "id": ...}`);
    }
    const result: SubmitResult = { name: submitted, id: typeof id === 'string' ? id : null, nimbus };
    if (packaged !== undefined) result.packaged = packaged;
    return result;
  } finally {
    if (temp !== undefined) await rm(temp, { recursive: true, force: true });
  }
}
