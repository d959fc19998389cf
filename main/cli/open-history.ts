/** The recorded history, opened to read it; a missing or damaged one is one line (a CliError). */
import { HistoryFault, openForReading } from '../monitor/history/history-db';
import { StoreReader } from '../monitor/history/store-reader';
import { CliError } from './cli-errors';

export function openHistory(command: string, dataDir: string): StoreReader {
  try {
    return new StoreReader(openForReading(dataDir));
  } catch (err) {
    if (err instanceof HistoryFault) throw new CliError(`sockscope ${command}: ${err.message}`);
    throw err;
  }
}
