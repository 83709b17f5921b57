// ESLint rule `twinstorm/package-boundaries`: a file reaches another workspace package only through that package's
// name and the exports in its package.json (`@twinstorm/multilang/testing`, `@twinstorm/local/internals`), never by
// a relative path into it or a deep path into its src/ or test/; and an example imports nothing outside its own
// folder, so the folder works when copied into a new project with the packages installed.
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** A bare specifier that names a file inside a workspace package instead of one of its exports. */
const DEEP_IMPORT = /^(?:@twinstorm\/[^/]+|twinstorm)\/(?:src|test)(?:\/|$)/;

/** The workspace unit a path belongs to: `packages/<name>`, `examples/<name>`, or the top folder (test, bench, …). */
function unitOf(path) {
  const parts = relative(REPO_ROOT, path).split(sep);
  if (parts[0] === '..') return undefined;
  return parts[0] === 'packages' || parts[0] === 'examples' ? parts.slice(0, 2).join('/') : parts[0];
}

/** Why `specifier`, imported from `filename`, crosses a package boundary; undefined when it does not. */
export function boundaryViolation(filename, specifier) {
  if (DEEP_IMPORT.test(specifier)) return `"${specifier}" reaches into a package's src/ or test/; import one of its package.json exports`;
  if (!specifier.startsWith('.')) return undefined;
  const from = unitOf(filename);
  const to = unitOf(resolve(dirname(filename), specifier));
  if (from === undefined || from === to) return undefined;
  if (to !== undefined && to.startsWith('packages/')) {
    return `"${specifier}" reaches into ${to} by path; import it by its package name (add an export to its package.json if needed)`;
  }
  if (from.startsWith('examples/')) {
    return `"${specifier}" leaves ${from}; an example imports only public packages, so its folder works copied out`;
  }
  return undefined;
}

/** The rule: reports each import, re-export and dynamic import() whose specifier crosses a package boundary. */
const rule = {
  meta: {
    type: 'problem',
    docs: { description: "refuse relative or deep imports into another workspace package's files" },
    schema: [],
    messages: { crossing: '{{why}}' },
  },
  create(context) {
    const check = (source) => {
      if (source === null || source === undefined || source.type !== 'Literal' || typeof source.value !== 'string') return;
      const why = boundaryViolation(context.filename, source.value);
      if (why !== undefined) context.report({ node: source, messageId: 'crossing', data: { why } });
    };
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
    };
  },
};

/** The local plugin eslint.config.js registers as `twinstorm`. */
export const packageBoundaries = { rules: { 'package-boundaries': rule } };
