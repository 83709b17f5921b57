import { TwinstormError } from '@twinstorm/core';
import type { ComponentErrorEvent, ComponentLogEvent, ProcessExitEvent } from './types.ts';

/** Where a component error goes when the run has no onError: one line on stderr (with the stack of a non-twinstorm error). */
export function printError(event: ComponentErrorEvent): void {
  const error = event.error;
  const stack = error instanceof Error && !(error instanceof TwinstormError) && error.stack !== undefined ? `\n${indent(error.stack)}` : '';
  process.stderr.write(`twinstorm: error: ${event.message}${stack}\n`);
}

/** Where `this.log` goes when the run has no onLog: stderr, prefixed with level, component and task. */
export function printLog(event: ComponentLogEvent): void {
  process.stderr.write(`[${event.level}] ${event.component}:${event.task} ${event.message}\n`);
}

/** Where a process.exit during an in-process run is reported when the run has no onProcessExit: two lines on stderr. */
export function printProcessExit(event: ProcessExitEvent): void {
  const t = event.snapshot.spoutTuples;
  process.stderr.write(
    `twinstorm: ${event.message}\ntwinstorm: spout tuples: emitted ${t.emitted}, acked ${t.acked}, failed ${t.failed}` +
      `${t.failedInDrain !== undefined ? ` (${t.failedInDrain} in the drain after the stop: not replayed)` : ''}, pending ${t.pending}` +
      `${t.abandoned > 0 ? `, abandoned ${t.abandoned}` : ''}${t.untracked > 0 ? ` (and ${t.untracked} untracked)` : ''}\n`,
  );
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
}
