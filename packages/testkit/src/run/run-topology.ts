import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Topology } from '@twinstorm/core';
import { isTopology, errorMessage } from '@twinstorm/core/runtime';
import { loadTopology } from '@twinstorm/local';
import { TestkitError } from '../errors.ts';
import { planInputs } from '../inputs.ts';
import { Sink } from '../sink/sink-server.ts';
import { writeWrapperModule, type TopologyModule } from '../wrap/wrapper-module.ts';
import { startLocalSession } from './local-session.ts';
import { ProgressRecorder } from './progress.ts';
import type { RuntimeSession, SessionStart } from './session.ts';
import { startStormSession } from './storm-session.ts';
import type { RunResult, RunTopologyOptions } from './types.ts';
import { waitUntilDone } from './wait.ts';

/** Default deadlines: a local run is quick; a Storm topology takes 20–40 s just to start on a small machine. */
const DEFAULT_TIMEOUT_MS = { local: 60_000, storm: 240_000 } as const;

/**
 * Runs a topology on fixture input on one runtime and returns what the captured components emitted, which fixture
 * tuples were acked or failed, what the test's own components observed and the errors the runtime reported. Both
 * runtimes run the same generated wrapper module: the user's topology with fixture spouts and a capture bolt.
 */
export async function runTopology(topology: string | Topology, options: RunTopologyOptions): Promise<RunResult> {
  const started = Date.now();
  const source = topologySource(topology, options.exportName);
  const inputs = planInputs(options.inputs ?? {});
  const expected = Object.values(inputs).reduce((n, tuples) => n + tuples.length, 0);
  if (expected === 0 && options.until === undefined) {
    throw new TestkitError('E_INVALID_OPTIONS', 'nothing to wait for: give fixture `inputs`, an `until` condition, or both');
  }
  if (options.runtime !== 'local' && options.runtime !== 'storm') {
    throw new TestkitError('E_INVALID_OPTIONS', `runtime must be "local" or "storm", got ${JSON.stringify(options.runtime)}`);
  }
  const deadline = started + (options.timeoutMs ?? DEFAULT_TIMEOUT_MS[options.runtime]);
  const sink = await Sink.open();
  const dir = await mkdtemp(join(tmpdir(), 'twinstorm-testkit-'));
  let session: RuntimeSession | undefined;
  try {
    const plan = { inputs, capture: options.capture ?? [], sink: sink.address, run: sink.run, conf: options.conf ?? {} };
    const wrapperPath = await writeWrapperModule(dir, source, plan);
    const instrumented = await loadWrapper(wrapperPath, source);
    const label = `topology "${instrumented.name}" on ${options.runtime}`;
    const start: SessionStart = { wrapperPath, topology: instrumented, options, dir, deadline, label };
    session = options.runtime === 'local' ? await startLocalSession(start) : await startStormSession(start);
    const progress = new ProgressRecorder(instrumented.spec, expected);
    await waitUntilDone(sink, progress, session, {
      deadline,
      until: options.until,
      settleMs: options.settleMs ?? 0,
      label,
      allowRejected: options.allowRejected ?? false,
    });
    const errors = await session.errors(options.expectErrorsFrom ?? [], deadline);
    const acked = progress.settled.filter((s) => s.outcome === 'ack').length;
    return {
      ...progress.snapshot(),
      runtime: options.runtime,
      topologyName: session.topologyName,
      acked,
      failed: progress.settled.length - acked,
      errors,
      stormWorkers: session.stormWorkers(),
      spec: instrumented.spec,
      durationMs: Date.now() - started,
    };
  } finally {
    try {
      await session?.stop();
    } finally {
      await sink.close();
      if (process.env['TWINSTORM_TESTKIT_KEEP'] !== '1') await rm(dir, { recursive: true, force: true });
    }
  }
}

/** The module to wrap: a path (+ export), or a loaded topology's recorded source. */
function topologySource(topology: string | Topology, exportName: string | undefined): TopologyModule {
  if (typeof topology === 'string') {
    const module = resolve(topology);
    if (!existsSync(module)) throw new TestkitError('E_TOPOLOGY', `topology module ${topology} not found (looked for ${module})`);
    return { module, exportName: exportName ?? 'default' };
  }
  if (!isTopology(topology)) throw new TestkitError('E_TOPOLOGY', 'runTopology takes a topology module path or a Topology loaded from one');
  const source = topology.spec.source;
  if (source === null) {
    throw new TestkitError(
      'E_TOPOLOGY',
      `topology "${topology.name}" was built in memory: give runTopology its module path (Storm needs a module it can bundle), or load it with loadTopology`,
    );
  }
  return { module: source.module, exportName: source.export };
}

async function loadWrapper(wrapperPath: string, source: TopologyModule): Promise<Topology> {
  try {
    return await loadTopology(wrapperPath);
  } catch (error) {
    const reason = errorMessage(error);
    throw new TestkitError('E_TOPOLOGY', `cannot load ${source.module} (export "${source.exportName}") with the testkit: ${reason}`, {
      cause: error,
    });
  }
}
