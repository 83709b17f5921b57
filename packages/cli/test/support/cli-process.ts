import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { waitFor } from '@twinstorm/core/testing';

/** The repository root: the CLI runs from here, as a user would run `node packages/cli/bin/twinstorm.js`. */
export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
/** The real bin under test. */
export const BIN = fileURLToPath(new URL('../../bin/twinstorm.js', import.meta.url));

/** How a finished CLI process ended. */
export interface CliResult {
  exitCode: number | undefined;
  signal: string | undefined;
  stdout: string;
  stderr: string;
}

/** A CLI process running in the background, with its output so far. */
export interface BackgroundCli {
  pid: number | undefined;
  stdout(): string;
  stderr(): string;
  /** Waits until stderr matches `pattern` (fails with the output so far after the deadline). */
  waitForStderr(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  signal(signal: NodeJS.Signals): void;
  /** The process's end. */
  result: Promise<CliResult>;
}

type CliProcess = ReturnType<typeof start>;
const running = new Set<CliProcess>();

/** Runs `twinstorm <args>` to completion (SIGKILLed after `timeoutMs`). */
export async function runTwinstorm(args: readonly string[], env: Record<string, string> = {}, timeoutMs = 60_000): Promise<CliResult> {
  return toResult(start(args, env, timeoutMs));
}

/** A CLI result as text for a failure message: its exit and both streams ('no answer yet' before it ran). */
export function describeResult(r: CliResult | undefined): string {
  return r === undefined ? 'no answer yet' : `exit ${r.exitCode}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`;
}

/** Runs `twinstorm <args>` (a `--json` command) and parses its stdout; throws with the whole result when it fails. */
export async function runTwinstormJson<T>(args: readonly string[], env: Record<string, string> = {}, timeoutMs = 60_000): Promise<T> {
  const r = await runTwinstorm(args, env, timeoutMs);
  if (r.exitCode !== 0) throw new Error(describeResult(r));
  return JSON.parse(r.stdout) as T;
}

/** Starts `twinstorm <args>` in the background; stopAllTwinstorms() (in afterEach) makes sure it does not outlive the test. */
export function startTwinstorm(args: readonly string[], env: Record<string, string> = {}, timeoutMs = 60_000): BackgroundCli {
  const subprocess = start(args, env, timeoutMs);
  let out = '';
  let err = '';
  subprocess.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  subprocess.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  const result = toResult(subprocess);
  return {
    pid: subprocess.pid,
    stdout: () => out,
    stderr: () => err,
    waitForStderr: (pattern, waitMs = 30_000) =>
      waitFor(() => pattern.exec(err) ?? undefined, waitMs, `stderr to match ${String(pattern)}`, {
        dump: () => `stdout:\n${out}\nstderr:\n${err}`,
      }),
    signal: (signal) => void subprocess.kill(signal),
    result,
  };
}

/** SIGTERM, then SIGKILL after a grace period, every CLI process a test started and that is still running; waits for their exit. */
export async function stopAllTwinstorms(graceMs = 3000): Promise<void> {
  const left = [...running];
  for (const p of left) p.kill('SIGTERM');
  const timer = setTimeout(() => left.forEach((p) => p.kill('SIGKILL')), graceMs);
  await Promise.allSettled(left);
  clearTimeout(timer);
}

function start(args: readonly string[], env: Record<string, string>, timeoutMs: number) {
  const subprocess = execa('node', [BIN, ...args], {
    cwd: REPO_ROOT,
    env,
    reject: false,
    timeout: timeoutMs,
    forceKillAfterDelay: 3000,
    stripFinalNewline: false,
  });
  running.add(subprocess);
  void subprocess.finally(() => running.delete(subprocess));
  return subprocess;
}

async function toResult(subprocess: CliProcess): Promise<CliResult> {
  const r = await subprocess;
  return {
    exitCode: r.exitCode,
    signal: r.signal,
    stdout: typeof r.stdout === 'string' ? r.stdout : '',
    stderr: typeof r.stderr === 'string' ? r.stderr : '',
  };
}
