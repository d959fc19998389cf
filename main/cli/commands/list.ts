import { hiddenOwnersText } from '../../common/hidden-owners';
import { formatCsv, formatNamedCsv, formatNamedTable, formatTable } from '../format';
import { DATA_DIR_FLAG, parseCommandArgs, SOURCE_FLAGS, openSource } from '../options';
import { UsageError } from '../cli-errors';
import { writeOut } from '../write-out';
import type { TcpRow } from '../../common/types';
import type { NamedRow } from '../named-rows';

type Formats = { json?: boolean; csv?: boolean };
const format = (rows: TcpRow[], { json, csv }: Formats) =>
  json ? JSON.stringify(rows) : csv ? formatCsv(rows) : formatTable(rows);
const formatNamed = (rows: NamedRow[], { json, csv }: Formats) =>
  json ? JSON.stringify(rows) : csv ? formatNamedCsv(rows) : formatNamedTable(rows);

export async function listCommand(args: string[]): Promise<void> {
  const { values } = parseCommandArgs('list', args, {
    json: { type: 'boolean' },
    csv: { type: 'boolean' },
    resolve: { type: 'boolean' },
    at: { type: 'string' },
    ...DATA_DIR_FLAG,
    ...SOURCE_FLAGS,
  });
  if (values.json && values.csv) throw new UsageError('sockscope list: choose one of --json and --csv');
  if (values.at !== undefined) {
    if (values.proc || values['proc-root'] !== undefined)
      throw new UsageError('sockscope list: --at reads the recorded history, not a data source');
    // Loaded only for --at: a plain `list` loads no SQLite.
    const { recordedRows } = await import('../recorded-table');
    return await printRows(recordedRows(values.at, values['data-dir']), values);
  }
  if (values['data-dir'] !== undefined) throw new UsageError('sockscope list: --data-dir goes with --at');
  const source = await openSource('list', values);
  try {
    const rows = await source.snapshot();
    const hidden = hiddenOwnersText(countHiddenOwners(rows), source.kind);
    if (hidden) process.stderr.write(`sockscope list: ${hidden}\n`);
    await printRows(rows, values);
  } finally {
    source.close?.();
  }
}

async function printRows(rows: TcpRow[], values: Formats & { resolve?: boolean }): Promise<void> {
  if (!values.resolve) return await writeOut(format(rows, values));
  // Loaded only when asked for: the service table and the resolver are no cost of a plain `list`.
  const { withNames } = await import('../named-rows');
  await writeOut(formatNamed(await withNames(rows), values));
}

function countHiddenOwners(rows: readonly TcpRow[]): number {
  let n = 0;
  for (const row of rows) if (row.ownerHidden) n++;
  return n;
}
