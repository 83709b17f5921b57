import Table from 'cli-table3';

const COLUMNS = [
  'component',
  'kind',
  'tasks',
  'rate/s',
  'pending/queued',
  'executed',
  'emitted',
  'acked',
  'failed',
  'errors',
  'capacity',
  'latency ms',
] as const;

/** The per-component table of a report, one set of columns for local runs and topologies on Storm alike. */
export function componentTable(color: boolean): Table.Table {
  return new Table({
    head: [...COLUMNS],
    colAligns: ['left', 'left', ...COLUMNS.slice(2).map(() => 'right' as const)],
    style: { head: color ? ['cyan'] : [], border: color ? ['grey'] : [], compact: true },
  });
}
