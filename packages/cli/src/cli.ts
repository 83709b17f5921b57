import { CommanderError } from 'commander';
import { errorLine } from './errors.ts';
import { createProgram, type CommandHandlers, type ProgramOutput } from './program.ts';

/** Where the CLI writes: help and results to `out`, the one-line error to `err`. */
export interface CliOutput extends ProgramOutput {
  /** Also print stacks (TWINSTORM_DEBUG=1), for bug reports. */
  debug?: boolean;
}

/** Parses argv (without `node` and the script), runs the command and returns the exit code; every failure becomes one line on stderr. */
export async function runCli(argv: readonly string[], handlers: CommandHandlers, output: CliOutput, version?: string): Promise<number> {
  let exitCode = 0;
  const program = createProgram(handlers, output, (code) => (exitCode = code), version);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (
      error instanceof CommanderError &&
      (error.exitCode === 0 || error.code === 'commander.help' || error.code === 'commander.helpDisplayed')
    ) {
      return error.exitCode;
    }
    output.writeErr(`${errorLine(error)}\n`);
    if (output.debug === true && error instanceof Error && error.stack !== undefined) output.writeErr(`${error.stack}\n`);
    return error instanceof CommanderError && error.exitCode !== 0 ? error.exitCode : 1;
  }
}
