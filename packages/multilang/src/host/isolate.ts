import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BoltClass, SpoutClass, Topology } from '@twinstorm/core';
import { MultilangError } from '../errors.ts';
import { shellBolt, shellSpout } from './factories.ts';
import { HOST_SPEC } from './host-handshake.ts';

/** Component conf key: `true` asks for the component to run in its own subprocess (see isolate). */
export const ISOLATE_CONF = 'twinstorm.isolate';

/** The program that runs one component of a topology module as a multilang child. */
export interface ComponentRunner {
  readonly command: string;
  /** Arguments before `component <module> <component-id>`. */
  readonly args: readonly string[];
}

/** The twinstorm CLI of this repository, run by the current Node: `node packages/cli/bin/twinstorm.js`. */
export function defaultComponentRunner(): ComponentRunner {
  return { command: process.execPath, args: [fileURLToPath(new URL('../../../cli/bin/twinstorm.js', import.meta.url))] };
}

/** The components whose conf sets `twinstorm.isolate: true`. */
export function componentsMarkedForIsolation(topology: Topology): string[] {
  return topology.spec.components.filter((c) => c.conf[ISOLATE_CONF] === true).map((c) => c.id);
}

/**
 * Process isolation for TypeScript components: the same topology with each named component (default: those whose
 * conf sets `twinstorm.isolate: true`) swapped for a shell component running
 * `<runner> component <topology module> <component-id>` — each task in its own subprocess speaking Storm's multilang
 * protocol, supervised like any shell component (a crash is reported and the child respawned; the run stays up).
 * The topology must have been loaded from its module (loadTopology / the CLI): another process has to import it.
 */
export function isolate(
  topology: Topology,
  componentIds: readonly string[] = componentsMarkedForIsolation(topology),
  runner = defaultComponentRunner(),
): Topology {
  if (componentIds.length === 0) return topology;
  const source = topology.spec.source;
  if (source === null) {
    throw new MultilangError(
      'E_ISOLATE',
      `cannot run [${componentIds.join(', ')}] of topology "${topology.name}" in subprocesses: the topology was built in memory, so another process cannot load it; load it from its module (twinstorm run, or loadTopology from @twinstorm/local)`,
    );
  }
  const bin = runner.args.find((a) => a.endsWith('.js') || a.endsWith('.ts'));
  if (bin !== undefined && !existsSync(bin)) {
    throw new MultilangError('E_ISOLATE', `the component runner ${bin} does not exist`);
  }
  let result = topology;
  for (const id of new Set(componentIds)) {
    const spec = topology.component(id);
    if (spec.shell !== undefined) {
      throw new MultilangError('E_ISOLATE', 'is a shell component already: it runs in its own subprocess', { component: id });
    }
    const outputs = Object.fromEntries(
      Object.entries(spec.streams).map(([stream, d]) => [stream, { fields: [...d.fields], direct: d.direct }]),
    );
    const exportArgs = source.export === 'default' ? [] : ['--export', source.export];
    const options = {
      command: runner.command,
      args: [...runner.args, 'component', source.module, id, ...exportArgs],
      outputs,
      name: `Isolated(${spec.className})`,
    };
    const cls: SpoutClass | BoltClass = spec.kind === 'spout' ? shellSpout(options) : shellBolt(options);
    // The child's handshake describes the whole topology (its runner reads sources' fields from it).
    Object.defineProperty(cls, HOST_SPEC, { value: topology.spec });
    result = result.withComponentClass(id, cls);
  }
  return result;
}
