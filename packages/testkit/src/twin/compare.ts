import { stringifyStormJson } from '@twinstorm/core/runtime';
import type { CapturedTuple, RunResult } from '../run/types.ts';

/** How two runs are compared. */
export interface CompareOptions {
  /**
   * Per captured component, the fields whose values form a key: tuples with equal keys must arrive in the same
   * order on both runtimes (what fields grouping guarantees downstream of one spout task). Without it, captures are
   * compared as multisets only.
   */
  key?: Readonly<Record<string, readonly string[]>>;
  /** Components whose emitting task index is part of a capture's identity (e.g. a fields-grouped bolt). */
  withTaskIndex?: readonly string[];
}

/** At most this many lines per kind of difference. */
const SHOW = 15;

function identity(t: CapturedTuple, withTaskIndex: ReadonlySet<string>): string {
  const task = withTaskIndex.has(t.component) ? ` @task ${t.taskIndex}` : '';
  return `${t.component}:${t.stream} ${stringifyStormJson(t.values)}${task}`;
}

function tally(items: Iterable<string>): Map<string, number> {
  const m = new Map<string, number>();
  for (const i of items) m.set(i, (m.get(i) ?? 0) + 1);
  return m;
}

function onlyIn(a: Map<string, number>, b: Map<string, number>): string[] {
  const out: string[] = [];
  for (const [k, n] of a) {
    const extra = n - (b.get(k) ?? 0);
    if (extra > 0) out.push(`${k}${extra > 1 ? ` ×${extra}` : ''}`);
  }
  return out.sort();
}

function block(title: string, lines: readonly string[]): string[] {
  if (lines.length === 0) return [];
  const shown = lines.slice(0, SHOW).map((l) => `    ${l.length > 300 ? `${l.slice(0, 300)}…` : l}`);
  return [`  ${title} (${lines.length}):`, ...shown, ...(lines.length > SHOW ? [`    … ${lines.length - SHOW} more`] : [])];
}

/**
 * The differences between two runs of the same topology on the same inputs, as readable lines (empty when they
 * agree): captures as multisets, per-key order where asked, fixture outcomes and refusals, and which components
 * reported errors.
 */
export function diffRuns(a: RunResult, b: RunResult, options: CompareOptions = {}): string[] {
  const withTask = new Set(options.withTaskIndex ?? []);
  const ta = tally(a.captured.map((t) => identity(t, withTask)));
  const tb = tally(b.captured.map((t) => identity(t, withTask)));
  const lines = [...block(`captured only on ${a.runtime}`, onlyIn(ta, tb)), ...block(`captured only on ${b.runtime}`, onlyIn(tb, ta))];

  const order: string[] = [];
  for (const [component, fields] of Object.entries(options.key ?? {})) {
    const seqA = sequencesByKey(a.captured, component, fields, withTask);
    const seqB = sequencesByKey(b.captured, component, fields, withTask);
    for (const [key, sa] of seqA) {
      const sb = seqB.get(key) ?? [];
      if (sa.length === sb.length && sa.every((x, i) => x === sb[i])) continue;
      if (sameMultiset(sa, sb)) order.push(`${component} key ${key}: ${a.runtime} [${sa.join(', ')}] vs ${b.runtime} [${sb.join(', ')}]`);
    }
  }
  lines.push(...block('same tuples, different order per key', order));

  const outcome = (r: RunResult) => new Map(r.settled.map((s) => [`${s.spout}#${s.index}`, s.outcome]));
  const oa = outcome(a);
  const ob = outcome(b);
  const fates: string[] = [];
  for (const k of new Set([...oa.keys(), ...ob.keys()])) {
    if (oa.get(k) !== ob.get(k)) fates.push(`${k}: ${a.runtime} ${oa.get(k) ?? 'unsettled'}, ${b.runtime} ${ob.get(k) ?? 'unsettled'}`);
  }
  lines.push(...block('fixture tuples with different outcomes', fates.sort()));

  const refusals = (r: RunResult) => new Map(r.rejected.map((x) => [`${x.spout}#${x.index}`, x.message]));
  const ra = refusals(a);
  const rb = refusals(b);
  const refused = [...new Set([...ra.keys(), ...rb.keys()])]
    .filter((k) => ra.has(k) !== rb.has(k))
    .map((k) => `${k}: refused only on ${ra.has(k) ? a.runtime : b.runtime} (${ra.get(k) ?? rb.get(k) ?? ''})`);
  lines.push(...block('fixture tuples refused on one runtime only', refused.sort()));

  const erring = (r: RunResult) => new Set(Object.keys(r.errors).filter((c) => (r.errors[c]?.length ?? 0) > 0));
  const ea = erring(a);
  const eb = erring(b);
  const errs = [...new Set([...ea, ...eb])]
    .filter((c) => ea.has(c) !== eb.has(c))
    .map((c) => `${c}: errors only on ${ea.has(c) ? a.runtime : b.runtime} (${(ea.has(c) ? a : b).errors[c]?.[0] ?? ''})`);
  lines.push(...block('components reporting errors on one runtime only', errs.sort()));
  return lines;
}

function sequencesByKey(
  captured: readonly CapturedTuple[],
  component: string,
  fields: readonly string[],
  withTask: ReadonlySet<string>,
): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const t of captured) {
    if (t.component !== component) continue;
    const key = stringifyStormJson(fields.map((f) => t.values[t.fields.indexOf(f)]));
    let seq = out.get(key);
    if (seq === undefined) out.set(key, (seq = []));
    seq.push(identity(t, withTask).slice(component.length + 1));
  }
  return out;
}

function sameMultiset(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const ta = tally(a);
  const tb = tally(b);
  return [...ta].every(([k, n]) => tb.get(k) === n);
}
