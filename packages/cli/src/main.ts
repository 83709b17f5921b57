// The entry point the bin imports (after registering tsx): run the command line, flush, exit with its code.
import { runCli } from './cli.ts';
import { cliVersion, processHandlers } from './handlers.ts';

const code = await runCli(
  process.argv.slice(2),
  processHandlers(),
  {
    writeOut: (text) => process.stdout.write(text),
    writeErr: (text) => process.stderr.write(text),
    debug: process.env['TWINSTORM_DEBUG'] === '1',
  },
  cliVersion(),
);
// Exit explicitly: a topology's components may hold handles (sockets, timers) after a stop; flush pipes first.
await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
await new Promise<void>((resolve) => process.stderr.write('', () => resolve()));
process.exit(code);
