import { readFile } from 'node:fs/promises';
import { decodeTable, TableFormatError } from '../../../native-bridge/win32/decode-tables';
import { TABLE_KINDS, isTableKind } from '../../../native-bridge/win32/layouts';
import { parseCommandArgs } from '../options';
import { CliError, UsageError } from '../cli-errors';
import { writeOut } from '../write-out';

/**
 * `sockscope decode --table KIND FILE`: decodes the bytes one IP Helper call wrote into its output
 * buffer (as `sockscope dump-raw` saves them) and prints the rows as a JSON array, on any OS.
 */
export async function decodeCommand(args: string[]): Promise<void> {
  const { values, positionals } = parseCommandArgs('decode', args, { table: { type: 'string' } }, 1);
  const kind = values.table;
  if (kind === undefined) throw new UsageError(`sockscope decode: --table KIND is required (${TABLE_KINDS.join(', ')})`);
  if (!isTableKind(kind)) {
    throw new UsageError(`sockscope decode: unknown table '${kind}': choose one of ${TABLE_KINDS.join(', ')}`);
  }
  const file = positionals[0];
  if (file === undefined) throw new UsageError('sockscope decode: FILE is required');

  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new CliError(`sockscope decode: cannot read ${file}: ${e.code ?? e.message}`);
  }
  let table;
  try {
    table = decodeTable(kind, bytes);
  } catch (err) {
    if (err instanceof TableFormatError) throw new CliError(`sockscope decode: ${file}: ${err.message}`);
    throw err;
  }
  if (table.skipped.length > 0) {
    const states = [...new Set(table.skipped.map((s) => s.state))].join(', ');
    process.stderr.write(
      `sockscope decode: ${file}: left out ${table.skipped.length} row(s) whose state is not 1..12 (${states})\n`,
    );
  }
  await writeOut(JSON.stringify(table.entries.map((e) => e.row)));
}
