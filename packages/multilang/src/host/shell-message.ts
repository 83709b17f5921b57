import type { MultilangErrorCode } from '../errors.ts';

/** A command from a multilang child: an object with a string `command` and whatever else it sent. */
export type ShellMessage = { readonly command: string } & Readonly<Record<string, unknown>>;

/** Something Storm would kill the worker for, found while handling a child's message. */
export class ProtocolViolation extends Error {
  override readonly name = 'ProtocolViolation';
  constructor(
    readonly code: MultilangErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** An `emit` command, read as Storm's JsonSerializer reads it. */
export interface EmitCommand {
  readonly tuple: readonly unknown[];
  /** Absent or null means the default stream. */
  readonly stream: string | undefined;
  /** Anchor ids (a bare string counts as one, as Storm accepts). */
  readonly anchors: readonly string[];
  /** A direct emit's target task (absent, null or 0: a normal emit). */
  readonly task: number | undefined;
  /** Storm's default is true: a reply with the receiving task ids follows every non-direct emit. */
  readonly needTaskIds: boolean;
  /** A spout's message id (absent or null: unreliable). */
  readonly id: unknown;
}

/** Checks that a message is an object with a string `command` (Storm: ClassCastException / "Command not found"). */
export function commandOf(message: unknown, kind: 'bolt' | 'spout'): ShellMessage {
  if (typeof message !== 'object' || message === null || Array.isArray(message)) {
    throw new ProtocolViolation('E_NOT_AN_OBJECT', `sent ${messagePreview(message)}, which is not a JSON object`);
  }
  const command = (message as { command?: unknown }).command;
  if (typeof command !== 'string') {
    throw new ProtocolViolation('E_PROTOCOL', `sent ${messagePreview(message)}: Command not found in ${kind} message`);
  }
  return message as ShellMessage;
}

/** Reads an emit's fields, rejecting what Storm's serializer would fail on (a cast error kills Storm's worker). */
export function readEmit(msg: ShellMessage): EmitCommand {
  const tuple = msg['tuple'];
  if (!Array.isArray(tuple))
    throw new ProtocolViolation('E_PROTOCOL', `emitted ${messagePreview(msg)}: "tuple" must be an array of values`);
  const stream = msg['stream'];
  if (stream !== undefined && stream !== null && typeof stream !== 'string') {
    throw new ProtocolViolation('E_PROTOCOL', `emitted ${messagePreview(msg)}: "stream" must be a string`);
  }
  const raw = msg['anchors'];
  const anchors = raw === undefined || raw === null ? [] : typeof raw === 'string' ? [raw] : raw;
  if (!Array.isArray(anchors) || anchors.some((a) => typeof a !== 'string')) {
    throw new ProtocolViolation('E_PROTOCOL', `emitted ${messagePreview(msg)}: "anchors" must be a list of tuple ids (strings)`);
  }
  const task = msg['task'];
  if (task !== undefined && task !== null && (typeof task !== 'number' || !Number.isInteger(task))) {
    throw new ProtocolViolation('E_PROTOCOL', `emitted ${messagePreview(msg)}: "task" must be an integer task id`);
  }
  const need = msg['need_task_ids'];
  if (need !== undefined && need !== null && typeof need !== 'boolean') {
    throw new ProtocolViolation('E_PROTOCOL', `emitted ${messagePreview(msg)}: "need_task_ids" must be a boolean`);
  }
  return {
    tuple,
    stream: stream ?? undefined,
    anchors: anchors as string[],
    task: task === undefined || task === null || task === 0 ? undefined : task,
    needTaskIds: need !== false,
    id: msg['id'],
  };
}

/** A short rendering of what a child sent, for error messages. */
export function messagePreview(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
