import { open, stat } from 'node:fs/promises';
import { decodeRow, rawState, tableExtent, TableFormatError } from '../../../native-bridge/win32/decode-tables';
import { TABLE_KINDS, TABLES, isTableKind } from '../../../native-bridge/win32/layouts';
import { DEFAULT_MAX_BYTES } from '../../../native-bridge/win32/sizing';
import { parseCommandArgs } from '../options';
import { CliError, UsageError } from '../cli-errors';
import { writeChunks } from '../write-out';

/** Rows decoded and written at a time: the output is streamed, so any table prints in bounded memory. */
const ROWS_PER_CHUNK = 8192;

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

  const bytes = await readTableFile(file);
  let count: number;
  try {
    ({ count } = tableExtent(kind, bytes));
  } catch (err) {
    if (err instanceof TableFormatError) throw new CliError(`sockscope decode: ${file}: ${err.message}`);
    throw err;
  }
  const layout = TABLES[kind];
  const skippedStates = new Set<number>();
  let skipped = 0;
  let first = true;
  await writeChunks(function* () {
    yield '[';
    for (let from = 0; from < count; from += ROWS_PER_CHUNK) {
      const parts: string[] = [];
      for (let i = from; i < Math.min(count, from + ROWS_PER_CHUNK); i++) {
        const base = layout.rowsOffset + i * layout.row.size;
        const entry = decodeRow(kind, bytes, base);
        if (entry) parts.push(JSON.stringify(entry.row));
        else {
          skipped++;
          skippedStates.add(rawState(kind, bytes, base));
        }
      }
      if (parts.length === 0) continue;
      yield (first ? '' : ',') + parts.join(',');
      first = false;
    }
    yield ']\n';
  });
  if (skipped > 0) {
    process.stderr.write(
      `sockscope decode: ${file}: left out ${skipped} row(s) whose state is not 1..12 (${[...skippedStates].join(', ')})\n`,
    );
  }
}

/** The file's bytes; refused, before reading, when it is larger than any table a call can write. */
async function readTableFile(file: string): Promise<Buffer> {
  try {
    const { size } = await stat(file);
    if (size > DEFAULT_MAX_BYTES) {
      throw new CliError(
        `sockscope decode: ${file}: ${size} bytes is larger than any TCP table can be (a table call's buffer stops at ${DEFAULT_MAX_BYTES} bytes)`,
      );
    }
    const handle = await open(file, 'r');
    try {
      return await handle.readFile();
    } finally {
      await handle.close();
    }
  } catch (err) {
    if (err instanceof CliError) throw err;
    const e = err as NodeJS.ErrnoException;
    throw new CliError(`sockscope decode: cannot read ${file}: ${e.code ?? e.message}`);
  }
}
