import { lstatSync, readdirSync, readFileSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Topology } from '@twinstorm/core';
import type { LocalShellOptions } from '@twinstorm/multilang';
import { ClusterError } from '../errors.ts';

/** Files for the jar's `resources/` (relative path -> absolute file) and what looked wrong without being fatal. */
export interface ShellResources {
  files: Map<string, string>;
  warnings: string[];
}

/** Not copied from a resources directory: VCS and editor files, Python caches, dependency trees. */
const SKIPPED = (name: string): boolean =>
  name.startsWith('.') || name === '__pycache__' || name === 'node_modules' || name.endsWith('.pyc');

/** A resources directory larger than this is almost certainly a mistake (e.g. a shell component without a cwd). */
const MAX_FILES = 2000;

/**
 * The files shell components need inside the jar's `resources/` (Storm runs them with that directory as their
 * working directory). The rule, in order:
 * 1. `resources` given (CLI `--resources <dir>`, repeatable): exactly the contents of those directories (or those
 *    files, by base name), recursively;
 * 2. otherwise, for each shell component with a local working directory (`cwd` of shellBolt/shellSpout, or
 *    `static shellOptions.cwd`): the contents of that directory, which is what the child sees locally;
 * 3. a shell component without one: each of its `shell.args` that is an existing file relative to the topology
 *    module's directory, at that relative path.
 * Skipped everywhere: dot files, `__pycache__`, `*.pyc`, `node_modules`. `twinstorm/` is reserved. Two different
 * files for the same path are an error. A symbolic link is copied as what it points to only when that lies inside the
 * directory being copied (the topology module's directory for rule 3); one pointing outside is an error naming the
 * link and its target, so nothing outside the tree (`/etc/passwd`, a cache folder) ends up in the jar. Warnings: a shell argument that looks like a script but is not in the jar,
 * a Python script that imports `storm` without storm.py, a Node script that requires `./storm` without storm.js.
 */
export function collectShellResources(topology: Topology, topologyPath: string, resources: readonly string[] | undefined): ShellResources {
  const files = new Map<string, string>();
  const add = (rel: string, file: string): void => {
    if (rel === 'twinstorm' || rel.startsWith('twinstorm/')) {
      throw new ClusterError('E_SHELL_RESOURCE', `resource ${file} would land in resources/${rel}: twinstorm/ is reserved for the bundle`);
    }
    const existing = files.get(rel);
    if (existing !== undefined && existing !== file && !sameContent(existing, file)) {
      throw new ClusterError('E_SHELL_RESOURCE', `two different files for resources/${rel}: ${existing} and ${file}`);
    }
    files.set(rel, existing ?? file);
  };
  const shells = topology.spec.components.filter((c) => c.shell !== undefined);
  if (resources !== undefined && resources.length > 0) {
    for (const entry of resources) addTree(resolve(entry), add, true);
  } else {
    const topologyDir = dirname(resolve(topologyPath));
    for (const c of shells) {
      const cwd = (topology.componentClass(c.id) as { shellOptions?: LocalShellOptions }).shellOptions?.cwd;
      if (cwd !== undefined) {
        addTree(resolve(cwd), add, false);
        continue;
      }
      for (const arg of c.shell!.args) {
        const file = join(topologyDir, arg);
        if (!arg.startsWith('-') && !arg.startsWith('/') && !arg.split('/').includes('..') && isFile(file)) {
          refuseOutside(file, topologyDir);
          add(arg.split('\\').join('/'), file);
        }
      }
    }
  }
  return { files, warnings: [...missingScripts(topology, files), ...missingAdapters(files)] };
}

function addTree(root: string, add: (rel: string, file: string) => void, explicit: boolean): void {
  let s;
  try {
    s = statSync(root);
  } catch {
    throw new ClusterError('E_SHELL_RESOURCE', `resources ${root}: no such file or directory`);
  }
  if (s.isFile()) {
    if (!explicit) return;
    add(basename(root), root);
    return;
  }
  let count = 0;
  const realRoot = realpathSync(root);
  const walking = new Set<string>();
  const walk = (dir: string, prefix: string): void => {
    const real = realpathSync(dir);
    if (walking.has(real)) throw new ClusterError('E_SHELL_RESOURCE', `resources directory ${root}: ${dir} links back to ${real}, a loop`);
    walking.add(real);
    for (const name of readdirSync(dir).sort()) {
      if (SKIPPED(name)) continue;
      const file = join(dir, name);
      if (lstatSync(file).isSymbolicLink()) refuseOutside(file, root, realRoot);
      const st = statSync(file);
      if (st.isDirectory()) walk(file, `${prefix}${name}/`);
      else if (st.isFile()) {
        if (++count > MAX_FILES) {
          throw new ClusterError(
            'E_SHELL_RESOURCE',
            `resources directory ${root} holds more than ${MAX_FILES} files: point the shell component's cwd (or --resources) at a directory holding only its scripts`,
          );
        }
        add(`${prefix}${name}`, file);
      }
    }
    walking.delete(real);
  };
  walk(root, '');
}

/** A resource whose real path (symbolic links followed) is outside `root` is refused, naming the link and its target. */
function refuseOutside(file: string, root: string, realRoot = realpathSync(root)): void {
  let target: string;
  try {
    target = realpathSync(file);
  } catch {
    throw new ClusterError('E_SHELL_RESOURCE', `resource ${file} is a symbolic link to ${readlinkSync(file)}, which does not exist`);
  }
  const rel = relative(realRoot, target);
  if (rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel))) return;
  throw new ClusterError(
    'E_SHELL_RESOURCE',
    `resource ${file} is a symbolic link to ${target}, outside the resources directory ${root}: copy what it needs into ${root} or point the link inside it`,
  );
}

/** Shell arguments that look like scripts (a known extension, no leading dash) but are not in resources/. */
function missingScripts(topology: Topology, files: ReadonlyMap<string, string>): string[] {
  const warnings: string[] = [];
  for (const c of topology.spec.components) {
    for (const arg of c.shell?.args ?? []) {
      if (arg.startsWith('-') || !/\.(py|js|cjs|mjs|rb|sh|pl|php|jar)$/.test(arg) || files.has(arg.replace(/^\.\//, ''))) continue;
      warnings.push(`component "${c.id}": its script "${arg}" is not in the jar's resources/ (see the resources rule: --resources <dir>)`);
    }
  }
  return warnings;
}

/** Storm's official adapters must sit next to the scripts that import them. */
function missingAdapters(files: ReadonlyMap<string, string>): string[] {
  const warnings: string[] = [];
  const check = (pattern: RegExp, adapter: string, test: (rel: string) => boolean): void => {
    if (files.has(adapter)) return;
    const users = [...files].filter(([rel, file]) => test(rel) && pattern.test(readFileSync(file, 'utf8'))).map(([rel]) => rel);
    if (users.length > 0)
      warnings.push(`${users.join(', ')} ${users.length > 1 ? 'use' : 'uses'} ${adapter}, which is not in the jar's resources/`);
  };
  check(/^\s*(import storm\b|from storm import)/m, 'storm.py', (rel) => rel.endsWith('.py'));
  check(/require\(\s*['"]\.\/storm(\.js)?['"]\s*\)/, 'storm.js', (rel) => /\.(c?js)$/.test(rel));
  return warnings;
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function sameContent(a: string, b: string): boolean {
  return readFileSync(a).equals(readFileSync(b));
}
