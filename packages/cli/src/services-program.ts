import type { Command } from 'commander';
import type { ServicesAction, ServicesCommandOptions } from './commands/services.ts';

type ServicesHandler = (action: ServicesAction, names: string[], options: ServicesCommandOptions) => Promise<number>;

const DIR_HELP = 'state directory (default: $TWINSTORM_SERVICES_DIR or ~/.local/state/twinstorm/services)';
const NAMES = '[services...]';
const NAMES_HELP = 'kafka, postgres, redis (default: all three)';

/** Adds `twinstorm services up|down|status|reset` to the program (kept apart: program.ts holds the local-engine commands). */
export function registerServicesCommand(program: Command, handle: ServicesHandler, onExitCode: (code: number) => void): void {
  const services = program
    .command('services')
    .description(
      'Kafka (KRaft, from Maven Central), PostgreSQL and Redis (from the OS packages) on 127.0.0.1 ports 19092, 15432 and 16379',
    );
  const add = (action: ServicesAction, description: string, json: string): void => {
    services
      .command(action)
      .description(description)
      .argument(NAMES, NAMES_HELP)
      .option('--dir <path>', DIR_HELP)
      .option('--json', json)
      .action(async (names: string[], raw: { dir?: string; json?: boolean }) =>
        onExitCode(await handle(action, names, { json: raw.json === true, ...(raw.dir !== undefined ? { dir: raw.dir } : {}) })),
      );
  };
  add('up', 'start them (idempotent) and print each address', 'print {"kafka":{"brokers":…},"postgres":{"url":…},"redis":{"url":…}}');
  add('down', 'stop them; nothing of theirs is left running (their data stays)', 'print what was stopped as JSON');
  add('status', 'which run and where (exit 1 when one asked for is not running)', "print the running ones' addresses, as `up --json`");
  add('reset', 'empty them while they run: every topic, table and key', 'print nothing on success');
}
