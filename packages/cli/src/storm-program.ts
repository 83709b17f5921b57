import { Command, Option } from 'commander';
import { LOG_SOURCES, type LogSource } from '@twinstorm/cluster';
import type { StormAction, StormOptions } from './commands/storm.ts';
import { parsePositiveInteger } from './option-parsers.ts';

type StormHandler = (action: StormAction, options: StormOptions) => Promise<number>;

const DIR_HELP = 'cluster state directory (default: $TWINSTORM_STORM_DIR or ~/.local/state/twinstorm/storm)';

/** Adds `twinstorm storm up|down|status|logs` to the program (kept apart: program.ts holds the local-engine commands). */
export function registerStormCommand(program: Command, handle: StormHandler, onExitCode: (code: number) => void): void {
  const storm = program
    .command('storm')
    .description('a real Apache Storm cluster on 127.0.0.1 (ZooKeeper, Nimbus, one Supervisor) from Maven artifacts');
  const common = (c: Command): Command => c.option('--dir <path>', DIR_HELP).option('--json', 'print the result as JSON on stdout');
  const opts = (raw: { dir?: string; json?: boolean }): StormOptions => ({
    json: raw.json === true,
    ...(raw.dir !== undefined ? { dir: raw.dir } : {}),
  });

  common(storm.command('up').description('start the cluster (idempotent) and wait until Nimbus answers')).action(
    async (raw: { dir?: string; json?: boolean }) => onExitCode(await handle('up', opts(raw))),
  );
  common(storm.command('down').description('stop everything the cluster started: daemons, workers, node children')).action(
    async (raw: { dir?: string; json?: boolean }) => onExitCode(await handle('down', opts(raw))),
  );
  common(
    storm.command('status').description("the daemons' processes and ports, workers and multilang children (exit 1 when not running)"),
  ).action(async (raw: { dir?: string; json?: boolean }) => onExitCode(await handle('status', opts(raw))));
  storm
    .command('logs')
    .description("the last lines of the daemons' and workers' logs")
    .addArgument(new Command().createArgument('[source]', 'which logs').choices(LOG_SOURCES).default('all'))
    .addOption(new Option('-n, --lines <n>', 'lines per file').argParser(parsePositiveInteger).default(40))
    .option('--dir <path>', DIR_HELP)
    .action(async (source: LogSource, raw: { dir?: string; lines: number }) =>
      onExitCode(await handle('logs', { json: false, source, lines: raw.lines, ...(raw.dir !== undefined ? { dir: raw.dir } : {}) })),
    );
}
