import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where downloaded things live across runs and clones: $TWINSTORM_CACHE_DIR, else $XDG_CACHE_HOME/twinstorm, else ~/.cache/twinstorm. */
export function twinstormCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env['TWINSTORM_CACHE_DIR']) return env['TWINSTORM_CACHE_DIR'];
  const xdg = env['XDG_CACHE_HOME'];
  return join(xdg && xdg.length > 0 ? xdg : join(homedir(), '.cache'), 'twinstorm');
}
