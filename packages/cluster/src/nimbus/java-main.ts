import { execa } from 'execa';
import { ClusterError, type ClusterErrorCode } from '../errors.ts';
import { requireTool } from '../storm-home/tools.ts';

/** A short-lived JVM running one of the runner jar's main classes (TopologyMain, NimbusCommand). */
export interface JavaMainOptions {
  mainClass: string;
  /** Classpath entries, joined with ':' (Storm's `lib/*` wildcard included). */
  classpath: readonly string[];
  args: readonly string[];
  /** `-Dkey=value` system properties. */
  systemProperties?: Readonly<Record<string, string>>;
  /** What is being done, for messages: "submitting wordcount", "listing topologies". */
  what: string;
  /** The code for exit status 1 (and anything unexpected). */
  failureCode: ClusterErrorCode;
  timeoutMs: number;
}

/**
 * Exit codes of TopologyMain and NimbusCommand (storm/src/.../ExitCode.java): each maps to one ClusterError code, so
 * callers never parse stderr to tell "not found" from "Nimbus is down".
 */
const EXIT_CODES: Readonly<Record<number, ClusterErrorCode>> = {
  2: 'E_TOPOLOGY_NOT_FOUND',
  3: 'E_NIMBUS_UNREACHABLE',
  4: 'E_TOPOLOGY_EXISTS',
};

/** A client JVM starts faster and burns less CPU with one GC thread and the C1 compiler only. */
const CLIENT_JVM_FLAGS = ['-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-Xshare:auto'];

/**
 * Runs `java -cp ... <mainClass> args...` (argument array, no shell) and returns the JSON document it printed on
 * stdout. A non-zero exit becomes a ClusterError whose message is the Java side's own stderr line.
 */
export async function runJavaMain(options: JavaMainOptions): Promise<unknown> {
  const props = Object.entries(options.systemProperties ?? {}).map(([k, v]) => `-D${k}=${v}`);
  const argv = [...CLIENT_JVM_FLAGS, '-cp', options.classpath.join(':'), ...props, options.mainClass, ...options.args];
  let result;
  try {
    result = await execa('java', argv, { reject: false, timeout: options.timeoutMs, stdin: 'ignore', maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    throw new ClusterError(options.failureCode, `${options.what}: cannot run java: ${(error as Error).message}`, { cause: error });
  }
  if ((result as { code?: string }).code === 'ENOENT' || (result.failed && result.exitCode === undefined && !result.timedOut)) {
    await requireTool('java'); // throws E_TOOL_MISSING with the install hint
  }
  if (result.timedOut) {
    throw new ClusterError(options.failureCode, `${options.what}: java did not finish within ${Math.round(options.timeoutMs / 1000)} s`);
  }
  if (result.exitCode !== 0) {
    const code = EXIT_CODES[result.exitCode ?? -1] ?? options.failureCode;
    const line = errorLine(result.stderr) ?? `java exited with ${result.exitCode ?? result.signal ?? 'unknown'}`;
    throw new ClusterError(code, `${options.what}: ${line}`);
  }
  const json = lastJsonLine(result.stdout);
  if (json === undefined) {
    throw new ClusterError(
      options.failureCode,
      `${options.what}: ${options.mainClass} printed no JSON result (stdout: ${preview(result.stdout)})`,
    );
  }
  return json;
}

/** The Java side's one-line error: the last stderr line that is not a logger's chatter. */
export function errorLine(stderr: string): string | undefined {
  const lines = stderr
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(
      (l) =>
        l.length > 0 &&
        !/^(SLF4J|WARNING|\d{4}-\d\d-\d\d[ T]\d\d:\d\d|\d\d:\d\d:\d\d[.,]\d+ |[A-Z]+ StatusLogger|at |\.\.\. \d+ more)/.test(l),
    );
  return lines.at(-1);
}

/** The last stdout line that parses as a JSON object or array (a logger may have written lines before it). */
export function lastJsonLine(stdout: string): unknown {
  const lines = stdout.split(/\r?\n/).filter((l) => /^\s*[[{]/.test(l));
  for (let i = lines.length - 1; i >= 0; i--) {
    try {
      return JSON.parse(lines[i]!) as unknown;
    } catch {
      // not JSON after all: a log line starting with a bracket
    }
  }
  // A pretty-printed document spans lines.
  const start = stdout.search(/^[[{]/m);
  if (start >= 0) {
    try {
      return JSON.parse(stdout.slice(start)) as unknown;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function preview(text: string): string {
  const t = text.trim().replace(/\s+/g, ' ');
  return t.length === 0 ? 'empty' : t.length > 200 ? `${t.slice(0, 200)}...` : t;
}
