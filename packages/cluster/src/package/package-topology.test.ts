import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TopologySpec } from '@twinstorm/core';
import { FakeStorm } from '@twinstorm/multilang/testing';
import { packageTopology, SPEC_ENTRY } from './package-topology.ts';
import { reproducibleZip } from './zip.ts';

const REPO = fileURLToPath(new URL('../../../../', import.meta.url));
const WORDCOUNT = join(REPO, 'examples/wordcount/topology.ts');
const MULTILANG_WORDCOUNT = join(REPO, 'examples/wordcount/multilang/topology.ts');

let work: string;
let runnerJar: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'twinstorm-package-test-'));
  // A stand-in for storm/target/twinstorm-storm-runner.jar: packaging only copies its dev/** entries.
  runnerJar = join(work, 'runner.jar');
  const classes = new Map([
    ['dev/twinstorm/storm/TopologyMain.class', new Uint8Array([0xca, 0xfe, 0xba, 0xbe, 1])],
    ['dev/twinstorm/storm/NimbusCommand.class', new Uint8Array([0xca, 0xfe, 0xba, 0xbe, 2])],
    ['META-INF/maven/pom.properties', new TextEncoder().encode('not copied')],
  ]);
  writeFileSync(runnerJar, reproducibleZip(classes));
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The jar's resources/ written to a fresh directory outside the repository (no node_modules anywhere above). */
function extractResources(jar: string, name: string): string {
  const dir = join(work, name);
  for (const [entry, data] of Object.entries(unzipSync(readFileSync(jar)))) {
    if (!entry.startsWith('resources/') || entry.endsWith('/')) continue;
    const file = join(dir, entry);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, data);
  }
  return join(dir, 'resources');
}

describe('packageTopology', () => {
  it('writes a jar with the runner classes, the bundle and the spec pointing at it', async () => {
    const result = await packageTopology({ topologyPath: WORDCOUNT, outFile: join(work, 'wordcount.jar'), runnerJar });
    const entries = Object.keys(unzipSync(readFileSync(result.jar)));
    expect(entries[0]).toBe('META-INF/');
    expect(entries[1]).toBe('META-INF/MANIFEST.MF');
    expect(entries).toEqual(
      expect.arrayContaining([
        'dev/twinstorm/storm/TopologyMain.class',
        'dev/twinstorm/storm/NimbusCommand.class',
        'resources/twinstorm/run.js',
        'resources/twinstorm/package.json',
        'resources/twinstorm/topology.json',
      ]),
    );
    expect(entries).not.toContain('META-INF/maven/pom.properties');
    expect([...entries].slice(1)).toEqual([...entries].slice(1).sort());
    const spec = JSON.parse(new TextDecoder().decode(unzipSync(readFileSync(result.jar))[SPEC_ENTRY])) as TopologySpec;
    expect(spec.name).toBe('wordcount');
    expect(spec.source).toEqual({ module: 'twinstorm/run.js', export: 'default' });
    expect(spec.components.map((c) => c.id)).toEqual(['sentences', 'split', 'count']);
    expect(result.topology).toBe('wordcount');
    expect(result.bundleBytes).toBeGreaterThan(10_000);
    expect(result.warnings).toEqual([]);
  });

  it('is reproducible: the same topology packaged twice gives the same bytes', async () => {
    const a = await packageTopology({ topologyPath: WORDCOUNT, outFile: join(work, 'a/app.jar'), runnerJar });
    const b = await packageTopology({ topologyPath: WORDCOUNT, outFile: join(work, 'b/app.jar'), runnerJar });
    const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
    expect(sha(a.jar)).toBe(sha(b.jar));
    expect(a.sha256).toBe(sha(a.jar));
    expect(b.sha256).toBe(a.sha256);
  });

  it("run.js runs a bolt and a spout as Storm's ShellBolt / ShellSpout drive them, from a copy with no node_modules", async () => {
    const result = await packageTopology({ topologyPath: WORDCOUNT, outFile: join(work, 'run.jar'), runnerJar });
    const resources = extractResources(result.jar, 'extracted');
    const spec = JSON.parse(readFileSync(join(resources, 'twinstorm/topology.json'), 'utf8')) as TopologySpec;
    const command = [process.execPath, 'twinstorm/run.js'];

    const split = await FakeStorm.start({ spec, componentId: 'split', command: [...command, 'split'], spawn: { cwd: resources } });
    try {
      expect(await split.process(['The cat saw the dog'])).toBe('ack');
      expect(split.emits.map((e) => e.tuple[0])).toEqual(['the', 'cat', 'saw', 'the', 'dog']);
      await split.stop();
    } finally {
      await split.dispose();
    }

    const spout = await FakeStorm.start({ spec, componentId: 'sentences', command: [...command, 'sentences'], spawn: { cwd: resources } });
    try {
      await spout.activate();
      const reply = await spout.next();
      expect(reply.emits.length).toBeGreaterThan(0);
      expect(typeof reply.emits[0]!.tuple[0]).toBe('string');
      await spout.stop();
    } finally {
      await spout.dispose();
    }
  });

  it("copies a shell component's working directory into resources/ and warns about a missing storm.py", async () => {
    const result = await packageTopology({ topologyPath: MULTILANG_WORDCOUNT, outFile: join(work, 'ml.jar'), runnerJar });
    expect(result.resources).toEqual(expect.arrayContaining(['sentence_spout.py', 'split_sentence.py']));
    const entries = Object.keys(unzipSync(readFileSync(result.jar)));
    expect(entries).toContain('resources/split_sentence.py');
    if (!result.resources.includes('storm.py')) expect(result.warnings.join('\n')).toMatch(/storm\.py, which is not in the jar/);
  });

  it('takes --resources directories instead when given', async () => {
    const dir = join(work, 'my-resources');
    mkdirSync(join(dir, 'lib'), { recursive: true });
    writeFileSync(join(dir, 'sentence_spout.py'), 'import storm\n');
    writeFileSync(join(dir, 'split_sentence.py'), 'import storm\n');
    writeFileSync(join(dir, 'storm.py'), '# adapter\n');
    writeFileSync(join(dir, 'lib', 'helper.py'), '# helper\n');
    writeFileSync(join(dir, '.hidden'), 'skipped');
    const result = await packageTopology({
      topologyPath: MULTILANG_WORDCOUNT,
      outFile: join(work, 'ml2.jar'),
      runnerJar,
      extraResources: [dir],
    });
    expect(result.resources).toEqual(['lib/helper.py', 'sentence_spout.py', 'split_sentence.py', 'storm.py']);
    expect(result.warnings).toEqual([]);
  });

  /** A --resources directory holding the scripts plus `extra` (a name and how to make it there). */
  function resourcesWith(name: string, extra: (dir: string) => void): string {
    const dir = join(work, name);
    mkdirSync(dir, { recursive: true });
    for (const script of ['sentence_spout.py', 'split_sentence.py', 'storm.py']) writeFileSync(join(dir, script), '# script\n');
    extra(dir);
    return dir;
  }
  const packageWith = (dir: string) =>
    packageTopology({
      topologyPath: MULTILANG_WORDCOUNT,
      outFile: join(work, `${dir.split('/').pop()}.jar`),
      runnerJar,
      extraResources: [dir],
    });

  it('refuses a symbolic link to a file outside the resources directory, naming the link and its target', async () => {
    const dir = resourcesWith('link-to-passwd', (d) => symlinkSync('/etc/passwd', join(d, 'passwd')));
    await expect(packageWith(dir)).rejects.toThrow(
      `resource ${join(dir, 'passwd')} is a symbolic link to /etc/passwd, outside the resources directory ${dir}`,
    );
  });

  it('refuses a symbolic link to a directory outside the resources directory', async () => {
    const cache = join(work, 'big-cache');
    mkdirSync(cache, { recursive: true });
    writeFileSync(join(cache, 'blob.bin'), 'not for the jar');
    const dir = resourcesWith('link-to-cache', (d) => symlinkSync(cache, join(d, 'cache')));
    await expect(packageWith(dir)).rejects.toThrow(
      `resource ${join(dir, 'cache')} is a symbolic link to ${cache}, outside the resources directory`,
    );
  });

  it('copies links that point inside the resources directory as the files they point to', async () => {
    const dir = resourcesWith('link-inside', (d) => {
      mkdirSync(join(d, 'lib'));
      writeFileSync(join(d, 'lib', 'helper.py'), '# helper\n');
      symlinkSync('lib/helper.py', join(d, 'helper.py'));
      symlinkSync('lib', join(d, 'lib2'));
    });
    const result = await packageWith(dir);
    expect(result.resources).toEqual([
      'helper.py',
      'lib/helper.py',
      'lib2/helper.py',
      'sentence_spout.py',
      'split_sentence.py',
      'storm.py',
    ]);
    const entries = unzipSync(readFileSync(result.jar));
    expect(new TextDecoder().decode(entries['resources/helper.py'])).toBe('# helper\n');
  });
});
