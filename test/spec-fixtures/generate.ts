// Writes the Storm runner's spec fixtures from topologies.ts: `pnpm fixtures:storm` (run from the repository root).
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { specFixtures } from './topologies.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
for (const [file, text] of specFixtures()) {
  writeFileSync(`${ROOT}${file}`, text);
  process.stdout.write(`wrote ${file}\n`);
}
