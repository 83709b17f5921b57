/**
 * Validation of Storm's handshake on the child side: checks the shape TopologyContext.toJSONString produces and
 * derives what user code needs (task index, component tasks), so a runner never trusts an unchecked `any`.
 * Extra keys are ignored (a newer Storm may add some); missing or mistyped ones are reported, all at once.
 */
import type { StormContextJson, StormGroupingJson, StormGroupingType, StormHandshake } from './storm-context.ts';

/** Outcome of validating a handshake: the typed value, or every problem found (paths named). */
export type HandshakeParseResult =
  { readonly ok: true; readonly handshake: StormHandshake } | { readonly ok: false; readonly problems: readonly string[] };

const GROUPING_TYPES: ReadonlySet<string> = new Set<StormGroupingType>([
  'FIELDS',
  'SHUFFLE',
  'ALL',
  'NONE',
  'DIRECT',
  'LOCAL_OR_SHUFFLE',
  'CUSTOM_OBJECT',
  'CUSTOM_SERIALIZED',
]);

type Rec = Record<string, unknown>;
const isRecord = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');

/** Checks a parsed first message against Storm's handshake shape. */
export function parseStormHandshake(value: unknown): HandshakeParseResult {
  const problems: string[] = [];
  if (!isRecord(value)) return { ok: false, problems: ['handshake: expected a JSON object'] };
  if (typeof value['pidDir'] !== 'string' || value['pidDir'].length === 0) problems.push('pidDir: expected a non-empty string');
  if (!isRecord(value['conf'])) problems.push('conf: expected an object');
  const ctx = value['context'];
  if (!isRecord(ctx)) {
    problems.push('context: expected an object');
    return { ok: false, problems };
  }
  checkContext(ctx, problems);
  return problems.length === 0 ? { ok: true, handshake: value as unknown as StormHandshake } : { ok: false, problems };
}

function checkContext(ctx: Rec, problems: string[]): void {
  const t2c = ctx['task->component'];
  if (!isRecord(t2c) || !Object.entries(t2c).every(([k, v]) => /^-?\d+$/.test(k) && typeof v === 'string')) {
    problems.push('context.task->component: expected an object of task id -> component id');
  }
  const taskid = ctx['taskid'];
  if (typeof taskid !== 'number' || !Number.isInteger(taskid)) problems.push('context.taskid: expected an integer');
  if (typeof ctx['componentid'] !== 'string') problems.push('context.componentid: expected a string');
  if (isRecord(t2c) && typeof taskid === 'number' && t2c[String(taskid)] !== ctx['componentid']) {
    problems.push(`context.task->component: task ${taskid} is not mapped to componentid`);
  }
  if (!isStringList(ctx['streams'])) problems.push('context.streams: expected a list of strings');
  checkNested(ctx['stream->outputfields'], 'context.stream->outputfields', 1, isStringList, 'a list of field names', problems);
  checkNested(ctx['stream->target->grouping'], 'context.stream->target->grouping', 2, isGrouping, 'a grouping', problems);
  checkNested(ctx['source->stream->grouping'], 'context.source->stream->grouping', 2, isGrouping, 'a grouping', problems);
  checkNested(ctx['source->stream->fields'], 'context.source->stream->fields', 2, isStringList, 'a list of field names', problems);
}

function isGrouping(v: unknown): v is StormGroupingJson {
  if (!isRecord(v) || typeof v['type'] !== 'string' || !GROUPING_TYPES.has(v['type'])) return false;
  return v['fields'] === undefined || isStringList(v['fields']);
}

function checkNested(v: unknown, path: string, depth: number, leaf: (x: unknown) => boolean, what: string, problems: string[]): void {
  if (!isRecord(v)) {
    problems.push(`${path}: expected an object`);
    return;
  }
  for (const [k, inner] of Object.entries(v)) {
    if (depth > 1) checkNested(inner, `${path}.${k}`, depth - 1, leaf, what, problems);
    else if (!leaf(inner)) problems.push(`${path}.${k}: expected ${what}`);
  }
}

/** Task ids per component, ascending, from `task->component` (what `context.componentTasks(id)` answers). */
export function componentTasksFromContext(ctx: StormContextJson): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const [task, component] of Object.entries(ctx['task->component'])) {
    const list = out.get(component) ?? [];
    list.push(Number(task));
    out.set(component, list);
  }
  for (const list of out.values()) list.sort((a, b) => a - b);
  return out;
}

/** This task's position among its component's tasks, from 0 (Storm's getThisTaskIndex). */
export function taskIndexFromContext(ctx: StormContextJson): number {
  const tasks = componentTasksFromContext(ctx).get(ctx.componentid) ?? [];
  return tasks.indexOf(ctx.taskid);
}
