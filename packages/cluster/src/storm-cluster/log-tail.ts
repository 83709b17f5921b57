import { existsSync, readFileSync } from 'node:fs';

/** The last `n` lines of a text file ('' when it does not exist), for error messages and `storm logs`. */
export function tailLines(file: string, n: number): string {
  if (!existsSync(file)) return '';
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines.slice(-n).join('\n');
}
