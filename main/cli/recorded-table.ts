/** `list --at T`: the table as it was at T, rebuilt from the recorded history. */
import { isoTime } from '../common/time-text';
import type { TcpRow } from '../common/types';
import { CliError } from './cli-errors';
import { openHistory } from './open-history';
import { dataDirFrom } from './options';
import { parseTimeOption } from './time-arg';

export function recordedRows(at: string, dataDir: string | undefined): TcpRow[] {
  const atMs = parseTimeOption('list', 'at', at) as number;
  const reader = openHistory('list', dataDirFrom({ 'data-dir': dataDir }));
  const table = reader.tableAt(atMs);
  if (table === null) {
    const since = reader.recordedSince();
    throw new CliError(
      since === null
        ? 'sockscope list: no history has been recorded yet'
        : `sockscope list: nothing recorded at ${isoTime(atMs)}: the history starts at ${since}`,
    );
  }
  const rows: TcpRow[] = [];
  for (const c of table.entries()) rows.push(c.row);
  return rows;
}
