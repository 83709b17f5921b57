import { describeSite } from '@twinstorm/core';
import type { ComponentErrorEvent, ComponentLogEvent } from '@twinstorm/local';

/** Routes the engine's error (and, on a terminal, log) events to the CLI's output, one line each. */
export interface ComponentEventReporter {
  onError: (event: ComponentErrorEvent) => void;
  /** Set when logs must go through the CLI (the live view); otherwise the engine's default stderr logging is kept. */
  onLog?: (event: ComponentLogEvent) => void;
  /** The run started: print the errors held back so far, and print the next ones as they come. */
  release(): void;
  /** The run failed to start: the CLI reports the failure itself, so the held-back errors would only repeat it. */
  discard(): void;
}

/** Options of the reporter. */
export interface ReporterOptions {
  /** Route `this.log` lines too (the live view owns the terminal). */
  routeLogs: boolean;
  /** Print stacks under error lines (TWINSTORM_DEBUG=1). */
  debug: boolean;
}

/** Builds the reporter; errors are held back until release() so a failed start prints one line, not two. */
export function componentEventReporter(note: (line: string) => void, options: ReporterOptions): ComponentEventReporter {
  let held: ComponentErrorEvent[] | undefined = [];
  let hinted = options.debug;
  const print = (event: ComponentErrorEvent): void => {
    const hint = hinted ? '' : ' (TWINSTORM_DEBUG=1 prints stacks)';
    hinted = true;
    note(`twinstorm: error: ${componentErrorLine(event)}${hint}`);
    if (options.debug && event.error instanceof Error && event.error.stack !== undefined) note(indentLines(event.error.stack));
  };
  const reporter: ComponentEventReporter = {
    onError: (event) => (held === undefined ? print(event) : void held.push(event)),
    release: () => {
      const pending = held ?? [];
      held = undefined;
      pending.forEach(print);
    },
    discard: () => {
      held = undefined;
    },
  };
  if (options.routeLogs) {
    reporter.onLog = (event) => note(`${event.level} ${describeSite({ component: event.component, task: event.task })}${event.message}`);
  }
  return reporter;
}

/** `component "sum", task 3, stream "x": first line of the message`, without repeating a site the message already names. */
export function componentErrorLine(event: ComponentErrorEvent): string {
  const site = describeSite({ component: event.component, task: event.task, stream: event.stream });
  const firstLine = event.message.split('\n')[0] ?? '';
  return firstLine.startsWith(`component "${event.component}"`) ? firstLine : `${site}${firstLine}`;
}

/** Indents every line of `text` by four spaces (a stack under its error line). */
function indentLines(text: string): string {
  return text
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}
