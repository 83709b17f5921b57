/** Command lines of the children the harness suites drive: storm.js fixtures, raw fixtures, `twinstorm component`. */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SpawnOptions } from '../harness/child.ts';
import { REPO_ROOT, resolveOfficialAdapter } from './official-adapters.ts';

/** A child to start: argument array plus spawn options. */
export interface ChildCommand {
  readonly command: readonly string[];
  readonly spawn: SpawnOptions;
}

/** This package's test fixtures directory. */
export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

/** A storm.js fixture (test/fixtures/stormjs/<name>.mjs) with the official storm.js on NODE_PATH. */
export async function stormJsChild(name: string, args: readonly string[] = []): Promise<ChildCommand> {
  const dir = await resolveOfficialAdapter('javascript');
  return {
    command: [process.execPath, join(FIXTURES, 'stormjs', `${name}.mjs`), ...args],
    spawn: { env: { ...stringEnv(), NODE_PATH: dir } },
  };
}

/** A storm.py fixture (test/fixtures/stormpy/<name>.py) run by python3 with the official storm.py on PYTHONPATH. */
export async function stormPyChild(name: string, args: readonly string[] = []): Promise<ChildCommand> {
  const dir = await resolveOfficialAdapter('python');
  return {
    command: ['python3', join(FIXTURES, 'stormpy', `${name}.py`), ...args],
    spawn: { env: { ...stringEnv(), PYTHONPATH: dir } },
  };
}

/** A raw misbehaving child (test/fixtures/raw/<name>.mjs). */
export function rawChild(name: string): ChildCommand {
  return { command: [process.execPath, join(FIXTURES, 'raw', `${name}.mjs`)], spawn: {} };
}

/** The twinstorm CLI's bin script. */
export const TWINSTORM_BIN = join(REPO_ROOT, 'packages', 'cli', 'bin', 'twinstorm.js');

/** `twinstorm component <topology> <component>` on a fixture topology (test/fixtures/topologies/<file>). */
export function twinstormComponent(topologyFile: string, componentId: string, extra: readonly string[] = []): ChildCommand {
  const topology = join(FIXTURES, 'topologies', topologyFile);
  return {
    command: [process.execPath, TWINSTORM_BIN, 'component', topology, componentId, ...extra],
    spawn: { cwd: REPO_ROOT },
  };
}

function stringEnv(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) out[k] = v;
  return out;
}
