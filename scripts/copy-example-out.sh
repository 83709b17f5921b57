#!/usr/bin/env bash
# Copies an example out of the monorepo and runs its tests the way a user consumes twinstorm: every @twinstorm package
# from a `pnpm pack` tarball, the example folder as it is, nothing else from the repo. Shows the example works copied out.
# Usage: scripts/copy-example-out.sh <example> [target dir]   e.g. scripts/copy-example-out.sh wordcount /tmp/wordcount-out
set -euo pipefail
example=${1:?usage: scripts/copy-example-out.sh <example: wordcount | user-activity> [target dir]}
repo=$(cd "$(dirname "$0")/.." && pwd)
out=${2:-$(mktemp -d "${TMPDIR:-/tmp}/twinstorm-$example-XXXXXX")}
pnpm=(npx --yes pnpm@10.34.8)
[ -d "$repo/examples/$example" ] || { echo "no example $repo/examples/$example" >&2; exit 1; }
mkdir -p "$out/tarballs"
for dir in "$repo"/packages/*/; do (cd "$dir" && "${pnpm[@]}" pack --pack-destination "$out/tarballs" >/dev/null); done
rm -rf "$out/$example" && mkdir -p "$out/$example"
(cd "$repo/examples/$example" && tar --exclude=node_modules -cf - .) | (cd "$out/$example" && tar -xf -)
cd "$out/$example"
# workspace:* and catalog: only mean something inside the monorepo: point @twinstorm/* at the tarballs (overrides too,
# for the packages' own dependencies on each other) and the catalog's vitest at its published line.
node - "$out/tarballs" <<'JS'
const fs = require('node:fs');
const dir = process.argv[2];
const tarball = (name) => {
  const file = fs.readdirSync(dir).find((f) => f.replace(/-\d+\.\d+\.\d+\.tgz$/, '') === name.replace('@', '').replace('/', '-'));
  if (file === undefined) throw new Error(`no tarball for ${name} in ${dir}`);
  return `file:${dir}/${file}`;
};
const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8'));
const overrides = {};
for (const file of fs.readdirSync(dir)) overrides[`@twinstorm/${file.replace(/^twinstorm-/, '').replace(/-\d+\.\d+\.\d+\.tgz$/, '')}`] = `file:${dir}/${file}`;
for (const field of ['dependencies', 'devDependencies'])
  for (const [name, range] of Object.entries(pkg[field] ?? {}))
    if (range.startsWith('workspace:')) pkg[field][name] = tarball(name);
    else if (range === 'catalog:') pkg[field][name] = name === 'vitest' ? '^3.2.4' : range;
pkg.pnpm = { overrides };
pkg.scripts = { ...pkg.scripts, test: 'vitest run' };
fs.writeFileSync('package.json', `${JSON.stringify(pkg, null, 2)}\n`);
JS
"${pnpm[@]}" install --ignore-workspace
echo "copied out to $out/$example; running its tests"
npx vitest run
