/**
 * The checks Storm applies to each message from a multilang child, as pure functions (FakeStorm does the I/O):
 * JsonSerializer.readShellMsg's casts (a wrong type is a ClassCastException, which kills the worker), and the
 * emit rules of ShellBolt.handleEmit / ShellSpout.querySubprocess plus the worker's routing (unknown stream,
 * regular emit to a direct stream, direct emit to a non-direct one, the stock serializer's Integer->Long cast).
 */
import type { FatalReason } from './fatal.ts';
import { excerpt } from './storm-reader.ts';

/** A check's outcome: the checked value, or why Storm would die. */
export type Verdict<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: FatalReason; readonly message: string };

const fatal = (reason: FatalReason, message: string): Verdict<never> => ({ ok: false, reason, message });
const present = (v: unknown): boolean => v !== undefined && v !== null;

/** A message's command, after the casts readShellMsg applies to every message. */
export function checkMessage(value: unknown, text: string): Verdict<{ command: string; message: Record<string, unknown> }> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fatal('not-an-object', `the child sent a non-object message (Storm reads a JSONObject): ${excerpt(text)}`);
  }
  const m = value as Record<string, unknown>;
  const command = m['command'];
  if (!present(command)) return fatal('missing-command', `a message without "command": ${excerpt(text)}`);
  if (typeof command !== 'string') return fatal('bad-field', `"command" is not a string: ${excerpt(text)}`);
  if (present(m['msg']) && typeof m['msg'] !== 'string') return fatal('bad-field', `"msg" is not a string: ${excerpt(text)}`);
  if (present(m['stream']) && typeof m['stream'] !== 'string') return fatal('bad-field', `"stream" is not a string: ${excerpt(text)}`);
  return { ok: true, value: { command, message: m } };
}

/** What the emit checks need to know about the session. */
export interface EmitRules {
  readonly role: 'bolt' | 'spout';
  readonly streams: ReadonlyMap<string, { readonly fields: readonly string[]; readonly direct: boolean }>;
  /** True for a bolt input id that was sent and not yet acked or failed. */
  isPending(id: string): boolean;
  readonly strictFieldCount: boolean;
  readonly serializer: 'stock' | 'twinstorm';
}

/** A checked emit. */
export interface CheckedEmit {
  readonly stream: string;
  readonly tuple: readonly unknown[];
  readonly anchors: readonly string[];
  /** Direct emit target, or 0. */
  readonly task: number;
  readonly id: unknown;
  readonly needTaskIds: boolean;
}

/** Checks one `emit` as Storm would handle it. */
export function checkEmit(m: Record<string, unknown>, text: string, rules: EmitRules): Verdict<CheckedEmit> {
  const stream = typeof m['stream'] === 'string' ? m['stream'] : 'default';
  const tuple = m['tuple'];
  if (!Array.isArray(tuple)) return fatal('bad-field', `emit "tuple" is not a list: ${excerpt(text)}`);
  const rawTask = m['task'];
  if (present(rawTask) && (typeof rawTask !== 'number' || !Number.isInteger(rawTask))) {
    return fatal('bad-field', `emit "task" is not an integer: ${excerpt(text)}`);
  }
  const task = typeof rawTask === 'number' ? rawTask : 0;
  const need = m['need_task_ids'];
  if (present(need) && typeof need !== 'boolean') return fatal('bad-field', `"need_task_ids" is not a boolean: ${excerpt(text)}`);

  let anchors: string[] = [];
  if (rules.role === 'bolt') {
    const a = m['anchors'];
    if (typeof a === 'string') anchors = [a];
    else if (Array.isArray(a)) {
      if (!a.every((x) => typeof x === 'string')) return fatal('bad-field', `emit "anchors" holds a non-string: ${excerpt(text)}`);
      anchors = a;
    } else if (present(a)) return fatal('bad-field', `emit "anchors" is neither a string nor a list: ${excerpt(text)}`);
    const stale = anchors.find((id) => !rules.isPending(id));
    if (stale !== undefined)
      return fatal('anchor-unknown-id', `Anchored onto ${stale} after ack/fail (or an id Storm never sent): ${excerpt(text)}`);
  }

  const decl = rules.streams.get(stream);
  if (decl === undefined) {
    const declared = [...rules.streams.keys()].join(', ') || 'none';
    return fatal('unknown-stream', `emit to undeclared stream "${stream}" (declared: ${declared}): ${excerpt(text)}`);
  }
  if (rules.strictFieldCount && tuple.length !== decl.fields.length) {
    return fatal(
      'wrong-field-count',
      `stream "${stream}" declares ${decl.fields.length} fields [${decl.fields.join(', ')}], the emit has ${tuple.length}: ${excerpt(text)}`,
    );
  }
  if (task !== 0) {
    if (rules.serializer === 'stock') {
      return fatal(
        'direct-emit',
        `direct emit with Storm's stock JsonSerializer: java.lang.Integer cannot be cast to java.lang.Long (task ${task})`,
      );
    }
    if (!decl.direct) return fatal('direct-emit', `emitDirect to stream "${stream}", which is not declared direct: ${excerpt(text)}`);
  } else if (decl.direct) {
    return fatal(
      'unknown-stream',
      `regular emit to direct stream "${stream}" (Storm: Cannot do regular emit to direct stream): ${excerpt(text)}`,
    );
  }
  return { ok: true, value: { stream, tuple, anchors, task, id: m['id'], needTaskIds: need !== false } };
}

/** Checks a `metrics` command: a non-empty name registered on the Java side (ShellBolt/ShellSpout.handleMetrics). */
export function checkMetrics(
  m: Record<string, unknown>,
  text: string,
  registered: readonly string[],
): Verdict<{ name: string; params: unknown }> {
  const name = m['name'];
  if (typeof name !== 'string' || name.length === 0)
    return fatal('metrics', `metrics without a name (Storm: "Receive Metrics name is empty"): ${excerpt(text)}`);
  if (!registered.includes(name)) return fatal('metrics', `Could not find metric by name[${name}] (not registered on the Java side)`);
  return { ok: true, value: { name, params: m['params'] } };
}
