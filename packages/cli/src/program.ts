import { availableParallelism } from 'node:os';
import { Command, Option } from 'commander';
import type { ConfValue } from '@twinstorm/core';
import type { ComponentOptions } from './commands/component.ts';
import { GRAPH_FORMATS, type GraphFormat, type GraphOptions } from './commands/graph.ts';
import type { RunOptions } from './commands/run.ts';
import type { StatusOptions } from './commands/status.ts';
import type { StormAction, StormOptions } from './commands/storm.ts';
import { registerStormCommand } from './storm-program.ts';
import { registerServicesCommand } from './services-program.ts';
import type { ServicesAction, ServicesCommandOptions } from './commands/services.ts';
import { collectConf, parsePort, parsePositiveInteger, parseSeconds } from './option-parsers.ts';
import type { UiOptions } from './commands/ui.ts';

/** The status page's port when `--ui` / `twinstorm ui` name none: Storm UI's default ui.port. */
export const DEFAULT_UI_PORT = 8080;
import { registerClusterCommands, type ClusterHandlers } from './cluster-program.ts';

/** What each command does once its arguments are parsed; each returns the exit code. */
export interface CommandHandlers extends ClusterHandlers {
  run(topology: string, options: RunOptions): Promise<number>;
  status(name: string | undefined, options: StatusOptions): Promise<number>;
  graph(topology: string, options: GraphOptions): Promise<number>;
  component(topology: string, componentId: string, options: ComponentOptions): Promise<number>;
  storm(action: StormAction, options: StormOptions): Promise<number>;
  services(action: ServicesAction, names: string[], options: ServicesCommandOptions): Promise<number>;
  ui(options: UiOptions): Promise<number>;
}

/** Where commander prints help and version (errors are reported by the caller, as one line). */
export interface ProgramOutput {
  writeOut: (text: string) => void;
  writeErr: (text: string) => void;
}

interface RawRunOptions {
  duration?: number;
  maxTuples?: number;
  untilIdle?: boolean;
  json?: boolean;
  conf?: Record<string, ConfValue>;
  name?: string;
  export: string;
  isolate?: string[];
  workers: number;
  strict?: boolean;
  ui?: number | true;
}

/**
 * The `twinstorm` command line: commands, options and their validation, separate from what the commands do so
 * argument parsing can be tested on its own. Commander throws instead of exiting; `onExitCode` receives a handler's code.
 */
export function createProgram(
  handlers: CommandHandlers,
  output: ProgramOutput,
  onExitCode: (code: number) => void,
  version = '0.0.0',
): Command {
  const program = new Command('twinstorm')
    .description('Run, watch and graph Storm-compatible TypeScript topologies on the local engine')
    .version(version, '-v, --version')
    .exitOverride()
    .configureOutput({ writeOut: output.writeOut, writeErr: output.writeErr, outputError: () => undefined })
    .showSuggestionAfterError(true);

  program
    .command('run')
    .description('run a topology on the local engine until Ctrl-C, --duration, --until-idle or --max-tuples')
    .argument('<topology>', 'topology module (.ts or .js) whose default export is a built Topology')
    .option('--duration <seconds>', 'stop (gracefully) after this many seconds', parseSeconds)
    .option(
      '--max-tuples <n>',
      'stop (then drain) once n spout tuple trees are acked; failed trees do not count (the spout may replay them); nextTuple pauses while acked + pending >= n',
      parsePositiveInteger,
    )
    .option('--until-idle', 'stop once nothing is emitted, pending or queued (for finite spouts)')
    .option('--json', 'print only the final run snapshot, as one JSON object, on stdout')
    .option('--conf <key=value>', 'topology conf override, repeatable; the value is JSON when it parses', collectConf)
    .option('--name <name>', 'name of this run for `twinstorm status` (default: the topology name)')
    .option('--export <name>', 'the module export holding the topology', 'default')
    .option(
      '--isolate <ids>',
      'run these components (comma-separated, repeatable) each task in its own subprocess over the multilang protocol, as on Storm; components whose conf sets twinstorm.isolate=true are isolated too',
      (value: string, previous: string[] = []) => [
        ...previous,
        ...value
          .split(',')
          .map((id) => id.trim())
          .filter((id) => id.length > 0),
      ],
    )
    .option(
      '--workers <n>',
      'worker threads to spread heavy tasks over (components declaring topology.component.cpu.pcore.percent >= 50); light tasks run fused, and a topology with no heavy task runs in one thread; 1 = always one thread',
      parsePositiveInteger,
      availableParallelism(),
    )
    .option(
      '--strict',
      "strict mode: refuse emits Storm would reject or change (NaN, -0, integers beyond 2^53 as numbers, Dates, lone surrogates...), freeze emitted values and hand receivers them round-tripped through Storm's JSON (conf twinstorm.local.strict)",
    )
    .option(
      '--ui [port]',
      `serve the status page, its Storm-UI-shaped JSON API (/api/v1/...) and Prometheus /metrics on 127.0.0.1:port (default ${DEFAULT_UI_PORT})`,
      parsePort,
    )
    .action(async (topology: string, raw: RawRunOptions) => onExitCode(await handlers.run(topology, toRunOptions(raw))));

  program
    .command('ui')
    .description(
      'serve the status page, its Storm-UI-shaped JSON API and Prometheus /metrics for every twinstorm run on this machine and the topologies on a Nimbus',
    )
    .option('--port <n>', `the port (0: a free one)`, parsePort, DEFAULT_UI_PORT)
    .option('--host <address>', 'the address to listen on (the page shows topology internals: keep it local unless needed)', '127.0.0.1')
    .option('--nimbus <host:port>', 'Nimbus to list topologies from (default: $TWINSTORM_NIMBUS, else 127.0.0.1:6627)')
    .option('--no-storm', 'show the runs on this machine only')
    .action(async (raw: { port: number; host: string; nimbus?: string; storm: boolean }) =>
      onExitCode(
        await handlers.ui({
          port: raw.port,
          host: raw.host,
          storm: raw.storm,
          ...(raw.nimbus === undefined ? {} : { nimbus: raw.nimbus }),
        }),
      ),
    );

  program
    .command('status')
    .description('show the twinstorm runs on this machine, or one by name (a name not running here is looked up on Storm)')
    .argument('[name]', 'only the run with this name')
    .option('--json', 'print {"runs": [...]} on stdout')
    .option('--storm', 'ask Storm only (by default a name that is not a run on this machine is looked up on Storm)')
    .option('--nimbus <host:port>', 'Nimbus for the Storm lookup (default: $TWINSTORM_NIMBUS, else 127.0.0.1:6627)')
    .action(async (name: string | undefined, raw: { json?: boolean; storm?: boolean; nimbus?: string }) =>
      onExitCode(
        await handlers.status(name, {
          json: raw.json === true,
          ...(raw.storm === true ? { storm: true } : {}),
          ...(raw.nimbus === undefined ? {} : { nimbus: raw.nimbus }),
        }),
      ),
    );

  program
    .command('graph')
    .description("print a topology's components and subscriptions as a Mermaid or Graphviz graph")
    .argument('<topology>', 'topology module (.ts or .js)')
    .addOption(new Option('--format <format>', 'output format').choices(GRAPH_FORMATS).default('mermaid'))
    .option('--export <name>', 'the module export holding the topology', 'default')
    .action(async (topology: string, raw: { format: GraphFormat; export: string }) =>
      onExitCode(await handlers.graph(topology, { format: raw.format, export: raw.export })),
    );

  program
    .command('component')
    .description("run one component of a topology as a Storm multilang child on stdin/stdout (what Storm's ShellBolt / ShellSpout start)")
    .argument('<topology>', 'topology module (.ts or .js)')
    .argument('<component-id>', 'the component to run')
    .option('--export <name>', 'the module export holding the topology', 'default')
    .action(async (topology: string, componentId: string, raw: { export: string }) =>
      onExitCode(await handlers.component(topology, componentId, { export: raw.export })),
    );

  registerClusterCommands(program, handlers, onExitCode);
  registerStormCommand(program, (action, options) => handlers.storm(action, options), onExitCode);
  registerServicesCommand(program, (action, names, options) => handlers.services(action, names, options), onExitCode);

  return program;
}

function toRunOptions(raw: RawRunOptions): RunOptions {
  const options: RunOptions = { export: raw.export, untilIdle: raw.untilIdle === true, json: raw.json === true, conf: raw.conf ?? {} };
  if (raw.duration !== undefined) options.durationMs = raw.duration;
  if (raw.maxTuples !== undefined) options.maxTuples = raw.maxTuples;
  if (raw.name !== undefined) options.name = raw.name;
  if (raw.isolate !== undefined) options.isolate = raw.isolate;
  options.workers = raw.workers;
  if (raw.strict === true) options.strict = true;
  if (raw.ui !== undefined) options.uiPort = raw.ui === true ? DEFAULT_UI_PORT : raw.ui;
  return options;
}
