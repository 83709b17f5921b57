/** Starting twinstorm's component runner under the fake Storm: as the CLI subprocess, or in-process for fuzzing. */
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import type { Topology, TopologySpec } from '@twinstorm/core';
import { runComponent, type ProcessEvents } from '../../src/runner/run-component.ts';
import type { ChildTransport } from '../harness/child.ts';
import type { FakeStormOptions } from '../harness/fake-storm-worker-types.ts';
import { FakeStorm } from '../harness/fake-storm-worker.ts';
import { FIXTURES, twinstormComponent } from './children.ts';

/** The built topology of a fixture module (test/fixtures/topologies/<file>). */
export async function fixtureTopology(file: string): Promise<Topology> {
  const mod = (await import(pathToFileURL(join(FIXTURES, 'topologies', file)).href)) as { default: Topology };
  return mod.default;
}

/** The spec of a fixture topology. */
export async function fixtureSpec(file: string): Promise<TopologySpec> {
  return (await fixtureTopology(file)).spec;
}

/** Options of startComponent beyond FakeStorm's. */
export type ComponentOptions = Omit<FakeStormOptions, 'spec' | 'componentId' | 'command' | 'transport'> & {
  /** Extra CLI arguments after `component <topology> <id>`. */
  readonly cliArgs?: readonly string[];
};

/** `twinstorm component <fixture> <id>` under a FakeStorm (the handshake done, the pid file checked). */
export async function startComponent(file: string, componentId: string, opts: ComponentOptions = {}): Promise<FakeStorm> {
  const { cliArgs, ...rest } = opts;
  const child = twinstormComponent(file, componentId, cliArgs);
  return FakeStorm.start({ spec: await fixtureSpec(file), componentId, ...child, handshakeTimeoutMs: 60_000, ...rest });
}

/** How an in-process transport splits what Storm writes (to exercise the codec's chunking). */
export type Chunker = (text: Buffer) => readonly Buffer[];

/** A runner called in-process on PassThrough streams, wrapped as a transport: no spawn, so fuzzing is fast. */
export function inProcessTransport(
  topology: Topology,
  componentId: string,
  opts: { chunker?: Chunker; maxInFlight?: number; sigterm?: { emit(): void } } = {},
): ChildTransport {
  const input = new PassThrough();
  const output = new PassThrough();
  const errors = new PassThrough();
  const listeners = new Set<(...args: unknown[]) => void>();
  const processEvents: ProcessEvents = {
    on: (event, l) => (event === 'SIGTERM' ? listeners.add(l) : undefined),
    off: (event, l) => (event === 'SIGTERM' ? listeners.delete(l) : undefined),
  };
  const chunker = opts.chunker;
  // Storm's writes, re-split by the chunker; each piece on its own tick so the runner sees separate chunks.
  const stdin = new Writable({
    write(chunk: Buffer, _enc, callback) {
      const pieces = chunker === undefined ? [chunk] : chunker(chunk);
      let i = 0;
      const next = (): void => {
        if (i >= pieces.length) return callback();
        input.write(pieces[i++]);
        setImmediate(next);
      };
      next();
    },
    final(callback) {
      input.end();
      callback();
    },
  });
  const exited = runComponent({
    topology,
    componentId,
    input,
    output,
    errorOutput: errors,
    pid: process.pid,
    processEvents,
    stdoutGuard: null,
    ...(opts.maxInFlight === undefined ? {} : { maxInFlight: opts.maxInFlight }),
  }).then((code) => {
    output.end();
    errors.end();
    return { code, signal: null };
  });
  return {
    pid: process.pid,
    stdin,
    stdout: output,
    stderr: errors,
    exited,
    signal(sig) {
      if (sig === 'SIGTERM') for (const l of [...listeners]) l();
    },
    description: `runComponent(${topology.name}, ${componentId}) in-process`,
  };
}
