import { InvalidArgumentError, type Command } from 'commander';
import type { ConfValue } from '@twinstorm/core';
import type { ControlAction, ControlCommandOptions } from './commands/control.ts';
import type { KillCommandOptions } from './commands/kill.ts';
import type { ListOptions } from './commands/list.ts';
import type { PackageCommandOptions } from './commands/package.ts';
import type { SubmitCommandOptions } from './commands/submit.ts';
import { collectConf } from './option-parsers.ts';

/** The handlers of the commands that talk to Storm (what they do once arguments are parsed); each returns the exit code. */
export interface ClusterHandlers {
  package(topology: string, options: PackageCommandOptions): Promise<number>;
  submit(target: string, options: SubmitCommandOptions): Promise<number>;
  list(options: ListOptions): Promise<number>;
  kill(name: string, options: KillCommandOptions): Promise<number>;
  control(action: ControlAction, name: string, options: ControlCommandOptions): Promise<number>;
}

const NIMBUS_HELP = 'Nimbus host:port (default: $TWINSTORM_NIMBUS, else 127.0.0.1:6627)';
const RESOURCES_HELP =
  "directory (or file) whose contents become the jar's resources/ for shell components, repeatable; default: each shell component's local cwd";

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** `--wait <s>`: whole seconds, 0 allowed (Storm's kill wait). */
function parseWaitSecs(value: string): number {
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(n))
    throw new InvalidArgumentError(`expected whole seconds >= 0, got "${value}".`);
  return n;
}

/** `--workers <n>` / the N of `--executors c=N`: a positive whole number. */
function parsePositive(value: string): number {
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(n) || n < 1)
    throw new InvalidArgumentError(`expected a positive whole number, got "${value}".`);
  return n;
}

/** `--executors <component=n>`, repeatable: executor counts per component. */
function collectExecutors(value: string, previous: Record<string, number> = {}): Record<string, number> {
  const eq = value.lastIndexOf('=');
  if (eq <= 0) throw new InvalidArgumentError(`expected component=N, got "${value}".`);
  return { ...previous, [value.slice(0, eq)]: parsePositive(value.slice(eq + 1)) };
}

/** Adds `package`, `submit`, `list`, `kill`, `activate`, `deactivate` and `rebalance` to the program (kept apart: program.ts holds the local-engine commands). */
export function registerClusterCommands(program: Command, handlers: ClusterHandlers, onExitCode: (code: number) => void): void {
  program
    .command('package')
    .description(
      'build the topology jar Storm runs: the bundled topology (no node_modules needed), its spec, shell resources, the runner classes',
    )
    .argument('<topology>', 'topology module (.ts or .js)')
    .option('-o, --out <file>', 'the jar to write (default: <topology name>.jar)')
    .option('--export <name>', 'the module export holding the topology', 'default')
    .option('--resources <dir>', RESOURCES_HELP, collect)
    .option('--json', 'print the result as JSON on stdout')
    .action(async (topology: string, raw: { out?: string; export: string; resources?: string[]; json?: boolean }) =>
      onExitCode(
        await handlers.package(topology, {
          export: raw.export,
          json: raw.json === true,
          ...(raw.out === undefined ? {} : { out: raw.out }),
          ...(raw.resources === undefined ? {} : { resources: raw.resources }),
        }),
      ),
    );

  program
    .command('submit')
    .description('submit a topology to a Storm cluster (a .ts/.js module is packaged first); no `storm` script needed')
    .argument('<topology>', 'topology module (.ts or .js) or a jar from `twinstorm package`')
    .option('--name <name>', 'the name on the cluster (default: the topology name)')
    .option('--nimbus <host:port>', NIMBUS_HELP)
    .option('--conf <key=value>', 'topology conf override, repeatable; the value is JSON when it parses', collectConf)
    .option('--export <name>', 'the module export holding the topology', 'default')
    .option('--resources <dir>', RESOURCES_HELP, collect)
    .option('--json', 'print the result as JSON on stdout')
    .action(
      async (
        target: string,
        raw: { name?: string; nimbus?: string; conf?: Record<string, ConfValue>; export: string; resources?: string[]; json?: boolean },
      ) =>
        onExitCode(
          await handlers.submit(target, {
            export: raw.export,
            conf: raw.conf ?? {},
            json: raw.json === true,
            ...(raw.name === undefined ? {} : { name: raw.name }),
            ...(raw.nimbus === undefined ? {} : { nimbus: raw.nimbus }),
            ...(raw.resources === undefined ? {} : { resources: raw.resources }),
          }),
        ),
    );

  program
    .command('list')
    .description('the topologies running on the Storm cluster')
    .option('--nimbus <host:port>', NIMBUS_HELP)
    .option('--json', 'print {"topologies": [...]} on stdout')
    .action(async (raw: { nimbus?: string; json?: boolean }) =>
      onExitCode(await handlers.list({ json: raw.json === true, ...(raw.nimbus === undefined ? {} : { nimbus: raw.nimbus }) })),
    );

  program
    .command('kill')
    .description('kill a topology on the Storm cluster (spouts deactivated, removed after --wait seconds)')
    .argument('<name>', 'the topology name on the cluster')
    .option('--wait <s>', "seconds before Storm removes it (default: the topology's message timeout)", parseWaitSecs)
    .option('--nimbus <host:port>', NIMBUS_HELP)
    .option('--json', 'print the result as JSON on stdout')
    .action(async (name: string, raw: { wait?: number; nimbus?: string; json?: boolean }) =>
      onExitCode(
        await handlers.kill(name, {
          json: raw.json === true,
          ...(raw.wait === undefined ? {} : { waitSecs: raw.wait }),
          ...(raw.nimbus === undefined ? {} : { nimbus: raw.nimbus }),
        }),
      ),
    );

  for (const action of ['activate', 'deactivate'] as const) {
    program
      .command(action)
      .description(
        action === 'activate'
          ? "activate a topology on the Storm cluster (its spouts' activate(), nextTuple again)"
          : "deactivate a topology on the Storm cluster (its spouts' deactivate(), no more nextTuple)",
      )
      .argument('<name>', 'the topology name on the cluster')
      .option('--nimbus <host:port>', NIMBUS_HELP)
      .option('--json', 'print the result as JSON on stdout')
      .action(async (name: string, raw: { nimbus?: string; json?: boolean }) =>
        onExitCode(
          await handlers.control(action, name, { json: raw.json === true, ...(raw.nimbus === undefined ? {} : { nimbus: raw.nimbus }) }),
        ),
      );
  }

  program
    .command('rebalance')
    .description(
      'redistribute a topology on the Storm cluster over workers and executors (deactivated for --wait seconds meanwhile); -w, -n, -e as `storm rebalance` has them',
    )
    .argument('<name>', 'the topology name on the cluster')
    .option('-w, --wait <s>', "seconds before Storm redistributes it (default: the topology's message timeout)", parseWaitSecs)
    .option('-n, --workers <n>', 'the new number of worker processes', parsePositive)
    .option('-e, --executors <component=n>', "a component's new executor count (at most its task count), repeatable", collectExecutors)
    .option('--nimbus <host:port>', NIMBUS_HELP)
    .option('--json', 'print the result as JSON on stdout')
    .action(
      async (name: string, raw: { wait?: number; workers?: number; executors?: Record<string, number>; nimbus?: string; json?: boolean }) =>
        onExitCode(
          await handlers.control('rebalance', name, {
            json: raw.json === true,
            ...(raw.wait === undefined ? {} : { waitSecs: raw.wait }),
            ...(raw.workers === undefined ? {} : { workers: raw.workers }),
            ...(raw.executors === undefined ? {} : { executors: raw.executors }),
            ...(raw.nimbus === undefined ? {} : { nimbus: raw.nimbus }),
          }),
        ),
    );
}
