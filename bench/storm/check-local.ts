// `node --import tsx bench/storm/check-local.ts [N]`: runs examples/wordcount and the storm.py / storm.js word counts
// on the local engine (`twinstorm run <module> --max-tuples N --json`) and checks they do the same work: N sentences
// acked, none failed, and split / count handling exactly wordTuplesFor(N) word tuples (the figure words.ts gives).
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { wordTuplesFor } from '../workload.ts';
import { prepareMultilangResources } from './multilang-resources.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const N = Number(process.argv[2] ?? 5_000);
const MODULES = {
  'examples/wordcount': 'examples/wordcount/topology.ts',
  'storm.py': 'bench/storm/stormpy-topology.ts',
  'storm.js': 'bench/storm/stormjs-topology.ts',
};

interface Snapshot {
  spoutTuples: { acked: number; failed: number };
  components: Record<string, { executed: number | null; emitted: number; acked: number }>;
  durationMs: number;
}

await prepareMultilangResources('python');
await prepareMultilangResources('javascript');
const expected = wordTuplesFor(N);
console.log(`N = ${N} sentences: words.ts makes ${expected} word tuples (${(expected / N).toFixed(4)} per sentence)`);
let ok = true;
for (const [label, module] of Object.entries(MODULES)) {
  const { stdout } = await execa('node_modules/.bin/twinstorm', ['run', module, '--max-tuples', String(N), '--json'], { cwd: ROOT });
  const s = JSON.parse(stdout) as Snapshot;
  const split = s.components['split']!;
  const count = s.components['count']!;
  const row = {
    acked: s.spoutTuples.acked,
    failed: s.spoutTuples.failed,
    splitEmitted: split.emitted,
    countExecuted: count.executed,
    countEmitted: count.emitted,
    countAcked: count.acked,
    perSentence: Number(((count.executed ?? 0) / s.spoutTuples.acked).toFixed(4)),
    seconds: s.durationMs / 1000,
  };
  const good =
    row.acked === N &&
    row.failed === 0 &&
    [row.splitEmitted, row.countExecuted, row.countEmitted, row.countAcked].every((v) => v === expected);
  ok &&= good;
  console.log(`${good ? 'ok  ' : 'FAIL'} ${label.padEnd(18)} ${JSON.stringify(row)}`);
}
process.exitCode = ok ? 0 : 1;
