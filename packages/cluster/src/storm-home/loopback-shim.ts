import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { twinstormCacheDir } from './cache-dir.ts';

/** storm/loopback/loopback-bind.c in this repository. */
const SOURCE = fileURLToPath(new URL('../../../../storm/loopback/loopback-bind.c', import.meta.url));

/** The shim's shared object, or why there is none (then Storm's servers listen on every interface). */
export type LoopbackShim = { readonly path: string } | { readonly path: null; readonly reason: string };

/**
 * Builds (once, cached by source hash) the LD_PRELOAD shim that makes Storm's Thrift and Netty servers — which bind
 * the wildcard address with no setting to change it — listen on 127.0.0.1 only. Needs a C compiler (cc); without
 * one the cluster still runs, listening on all interfaces, and the reason is returned for the user.
 */
export async function buildLoopbackShim(env: NodeJS.ProcessEnv = process.env): Promise<LoopbackShim> {
  if (process.platform !== 'linux') return { path: null, reason: 'the loopback shim is built for Linux only' };
  const source = await readFile(SOURCE);
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 16);
  const dir = join(twinstormCacheDir(env), 'loopback-bind');
  const target = join(dir, `loopback-bind-${hash}.so`);
  if (existsSync(target)) return { path: target };
  await mkdir(dir, { recursive: true });
  const tmp = `${target}.${process.pid}.tmp`;
  const cc = await execa('cc', ['-shared', '-fPIC', '-O2', '-o', tmp, SOURCE, '-ldl'], { reject: false });
  if (cc.exitCode !== 0) {
    const why =
      (cc as { code?: string }).code === 'ENOENT' ? 'no C compiler (cc) on PATH' : (cc.stderr.split('\n')[0] ?? `cc exit ${cc.exitCode}`);
    return { path: null, reason: `${why}: Storm's Thrift and Netty servers will listen on all interfaces` };
  }
  await rename(tmp, target);
  return { path: target };
}
