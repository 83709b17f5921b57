import Table from 'cli-table3';
import type { TaskMove, TaskPlacement } from '@twinstorm/local';

/**
 * Where each bolt task of a run with --workers > 1 runs now (thread, busy share of a core over the last second, why it
 * never moves when it does not), then every move adaptive placement made, oldest first, with when and why.
 */
export function renderPlacement(placement: { tasks: readonly TaskPlacement[]; moves: readonly TaskMove[] }, color: boolean): string {
  const table = new Table({
    head: ['task', 'component', 'thread', 'busy', 'moves'],
    colAligns: ['right', 'left', 'right', 'right', 'left'],
    style: { head: color ? ['cyan'] : [], border: color ? ['grey'] : [], compact: true },
  });
  for (const t of placement.tasks) {
    table.push([
      String(t.task),
      t.component,
      String(t.thread),
      `${Math.round(t.busy * 100)}%`,
      t.pinned === undefined ? 'may move' : `never (${t.pinned})`,
    ]);
  }
  const lines = ['bolt tasks by thread:', table.toString()];
  lines.push(placement.moves.length === 0 ? 'moves: none' : `moves: ${placement.moves.length}`);
  for (const m of placement.moves) {
    lines.push(
      `  ${new Date(m.time).toISOString().slice(11, 19)} task ${m.task} (${m.component}) thread ${m.from} -> ${m.to}: ${m.reason}`,
    );
  }
  return lines.join('\n');
}
