import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** Processes whose command line or working directory mentions `dir`: an independent check that nothing was left. */
export function listProcessesOf(dir: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      if (/\) [ZX] /.test(stat)) continue;
      const cmd = readFileSync(`/proc/${name}/cmdline`, 'utf8').replaceAll('\0', ' ');
      let cwd = '';
      try {
        cwd = readlinkSync(`/proc/${name}/cwd`);
      } catch {
        cwd = '';
      }
      if (cmd.includes(dir) || cwd.startsWith(dir)) found.push(`${name} ${cmd.slice(0, 100)}`);
    } catch {
      // exited meanwhile
    }
  }
  return found;
}
