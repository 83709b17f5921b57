import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebError } from './errors.ts';

/** A file the page needs, served from this package (no CDN). */
export interface PageAsset {
  body: string;
  contentType: string;
}

const PAGE_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'page');
const require = createRequire(import.meta.url);

/** The page's files by URL path, read once: the page itself, its script and style, and uPlot (the chart library). */
export function loadPageAssets(): Map<string, PageAsset> {
  const uplotDir = path.dirname(require.resolve('uplot/dist/uPlot.iife.min.js'));
  const files: [string, string, string][] = [
    ['/', path.join(PAGE_DIR, 'index.html'), 'text/html; charset=utf-8'],
    ['/assets/app.js', path.join(PAGE_DIR, 'app.js'), 'text/javascript; charset=utf-8'],
    ['/assets/style.css', path.join(PAGE_DIR, 'style.css'), 'text/css; charset=utf-8'],
    ['/assets/uPlot.iife.min.js', path.join(uplotDir, 'uPlot.iife.min.js'), 'text/javascript; charset=utf-8'],
    ['/assets/uPlot.min.css', path.join(uplotDir, 'uPlot.min.css'), 'text/css; charset=utf-8'],
  ];
  const assets = new Map<string, PageAsset>();
  for (const [url, file, contentType] of files) {
    try {
      assets.set(url, { body: readFileSync(file, 'utf8'), contentType });
    } catch (error) {
      throw new WebError('E_UI_ASSET_MISSING', `the status page's file ${file} cannot be read: ${(error as Error).message}`);
    }
  }
  return assets;
}
