import { zipSync, type Zippable } from 'fflate';

/** Every entry's time: zip (DOS) times start in 1980; a fixed one makes the same inputs give the same bytes. */
const FIXED_MTIME = new Date(1980, 0, 1, 0, 0, 0);

/** The jar convention: the manifest comes first so JarInputStream finds it. */
const MANIFEST = 'META-INF/MANIFEST.MF';

/**
 * Writes a reproducible zip/jar from `files` (path -> bytes, `/`-separated, no leading slash): the manifest first,
 * then every directory and file sorted by name (directories added for each parent), one fixed mtime, deflate
 * level 6, no extra fields. The same files always give the same bytes.
 */
export function reproducibleZip(files: ReadonlyMap<string, Uint8Array>): Uint8Array {
  const names = new Set<string>();
  for (const name of files.keys()) {
    if (name.startsWith('/') || name.endsWith('/') || name.split('/').some((p) => p === '' || p === '.' || p === '..')) {
      throw new Error(`invalid zip entry name "${name}"`);
    }
    names.add(name);
    const parts = name.split('/');
    for (let i = 1; i < parts.length; i++) names.add(`${parts.slice(0, i).join('/')}/`);
  }
  const ordered = [...names].sort((a, b) => (a === MANIFEST ? -1 : b === MANIFEST ? 1 : a < b ? -1 : a > b ? 1 : 0));
  if (ordered.includes(MANIFEST)) {
    // META-INF/ must precede its manifest for tools that expect the directory first.
    ordered.splice(ordered.indexOf('META-INF/'), 1);
    ordered.unshift('META-INF/');
  }
  const zippable: Zippable = {};
  for (const name of ordered) {
    // fflate writes an object value as a directory entry named `key/`.
    if (name.endsWith('/')) zippable[name.slice(0, -1)] = [{}, { mtime: FIXED_MTIME, level: 0 }];
    else zippable[name] = [files.get(name)!, { mtime: FIXED_MTIME, level: 6 }];
  }
  return zipSync(zippable);
}

/** The manifest twinstorm writes into every topology jar. */
export function manifest(): Uint8Array {
  return new TextEncoder().encode('Manifest-Version: 1.0\r\nCreated-By: twinstorm\r\n\r\n');
}
