import { createDataSource } from '../../../native-bridge';
import { hiddenOwnersText } from '../../common/hidden-owners';
import type { TcpRow } from '../../common/types';
import { formatCsv, formatTable } from '../format';
import { parseCommandArgs, SOURCE_FLAGS, sourceOptionsFrom } from '../options';
import { UsageError } from '../cli-errors';
import { writeOut } from '../write-out';

export async function listCommand(args: string[]): Promise<void> {
  const { values } = parseCommandArgs('list', args, {
    json: { type: 'boolean' },
    csv: { type: 'boolean' },
    ...SOURCE_FLAGS,
  });
  if (values.json && values.csv) throw new UsageError('sockscope list: choose one of --json and --csv');
  const source = await createDataSource(sourceOptionsFrom(values));
  try {
    const rows = await source.snapshot();
    const hidden = hiddenOwnersText(countHiddenOwners(rows), source.kind);
    if (hidden) process.stderr.write(`sockscope list: ${hidden}\n`);
    const text = values.json ? JSON.stringify(rows) : values.csv ? formatCsv(rows) : formatTable(rows);
    await writeOut(text);
  } finally {
    source.close?.();
  }
}

function countHiddenOwners(rows: readonly TcpRow[]): number {
  let n = 0;
  for (const row of rows) if (row.ownerHidden) n++;
  return n;
}
