import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const CLI = join(ROOT, 'packages/cli/bin/twinstorm.js');
const SCREENSHOT = process.env['TWINSTORM_SCREENSHOT'] ?? join(tmpdir(), 'twinstorm-status-page.png');

/** The OS's Chromium (Debian's `chromium` package): /usr/bin/chromium, else the first `chromium` on PATH. */
function chromiumPath(): string {
  const candidates = ['/usr/bin/chromium', ...(process.env['PATH'] ?? '').split(delimiter).map((d) => join(d, 'chromium'))];
  const found = candidates.find((p) => existsSync(p));
  if (!found) {
    throw new Error(
      'Chromium is absent: the browser test needs the OS chromium package (apt-get install -y --no-install-recommends chromium; .ci/run installs it)',
    );
  }
  return found;
}

/** Starts `twinstorm run examples/wordcount/topology.ts --ui 0` and resolves with the page's URL from its stderr. */
function startRun(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [CLI, 'run', 'examples/wordcount/topology.ts', '--duration', '60', '--ui', '0'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return new Promise((ok, fail) => {
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const m = /status page on (http:\/\/\S+\/)/.exec(stderr);
      if (m) ok({ child, url: m[1]! });
    });
    child.on('exit', (code) => fail(new Error(`twinstorm run exited (${code}) before serving its page:\n${stderr}`)));
  });
}

let browser: Browser | undefined;
let run: ChildProcess | undefined;

afterAll(async () => {
  await browser?.close();
  run?.kill('SIGTERM');
});

describe('the status page in headless Chromium', () => {
  it('shows the topology graph of a real run and counts that grow, and saves a screenshot', async () => {
    const executablePath = chromiumPath();
    const started = await startRun();
    run = started.child;
    browser = await chromium.launch({ executablePath, headless: true });
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await page.goto(started.url);

    // The graph: one node per component of wordcount, and the edges between them.
    const graph = page.locator('#graph svg[aria-label="topology graph"]');
    await graph.waitFor({ timeout: 15_000 });
    const nodes = await Promise.all((await page.locator('#graph g.node').all()).map((g) => g.getAttribute('data-component')));
    expect(nodes.sort()).toEqual(['count', 'sentences', 'split']);
    expect(await page.locator('#graph g.edge').count()).toBe(2);
    await expect.poll(() => page.locator('#connection').textContent(), { timeout: 10_000 }).toBe('live');

    // Counts that grow: the spout's emitted count as the page shows it, read twice a few seconds apart.
    const emitted = async (): Promise<number> =>
      Number(
        ((await page.locator('#graph g.node[data-component="sentences"] [data-field="emitted"]').textContent()) ?? '').replace(/,/g, ''),
      );
    await expect.poll(emitted, { timeout: 10_000 }).toBeGreaterThan(0);
    const first = await emitted();
    await expect.poll(emitted, { timeout: 10_000 }).toBeGreaterThan(first);
    const second = await emitted();
    await expect.poll(emitted, { timeout: 10_000 }).toBeGreaterThan(second);

    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    console.log(`status page screenshot: ${SCREENSHOT}`);
    expect(existsSync(SCREENSHOT)).toBe(true);
  }, 60_000);
});
