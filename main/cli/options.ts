import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { createDataSource, type DataSource, type SourceOptions } from '../../native-bridge';
import { errorMessage } from '../common/errors';
import { defaultDataDir } from '../monitor/history/data-dir';
import type { HistoryOptions } from '../monitor/history/recorder-protocol';
import { DEFAULT_RETENTION } from '../monitor/history/store-writer';
import { type IntervalBounds, UI_INTERVAL_BOUNDS } from '../monitor/poller';
import { CliError, UsageError } from './cli-errors';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * `--port -1`, `--since -10m`: a negative number after an option that takes a value is that value
 * (for its own check to judge), not another option. parseArgs alone calls it "ambiguous".
 */
function joinNegativeValues(args: readonly string[], options: Options): string[] {
  const takesValue = (arg: string) => arg.startsWith('--') && !arg.includes('=') && options[arg.slice(2)]?.type === 'string';
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (takesValue(args[i]) && /^-\d/.test(args[i + 1] ?? '')) out.push(`${args[i]}=${args[++i]}`);
    else out.push(args[i]);
  }
  return out;
}

/** Strict parsing: an unknown flag or a missing value is a UsageError naming it. */
export function parseCommandArgs<T extends Options>(command: string, args: string[], options: T, positionals = 0) {
  let parsed;
  try {
    parsed = parseArgs({ args: joinNegativeValues(args, options), options, strict: true, allowPositionals: positionals > 0 });
  } catch (err) {
    throw new UsageError(`sockscope ${command}: ${(err as Error).message.split('\n')[0]}`);
  }
  if (parsed.positionals.length > positionals) {
    throw new UsageError(`sockscope ${command}: unexpected argument '${parsed.positionals[positionals]}'`);
  }
  return parsed;
}

export function parseIntegerOption(
  command: string,
  name: string,
  raw: string | undefined,
  min: number,
  max: number,
): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw new UsageError(`sockscope ${command}: --${name} must be an integer from ${min} to ${max}, got '${raw}'`);
  }
  return value;
}

/** The data-source flags every command that reads the table takes. */
export const SOURCE_FLAGS = {
  proc: { type: 'boolean' },
  'proc-root': { type: 'string' },
} as const;

export function sourceOptionsFrom(values: { proc?: boolean; 'proc-root'?: string }): SourceOptions {
  return { forceProc: values.proc, procRoot: values['proc-root'] };
}

/** `serve` offers the UI's range; `watch` feeds scripts and may poll faster. */
export const parseInterval = (command: string, raw: string | undefined, { minMs, maxMs }: IntervalBounds = UI_INTERVAL_BOUNDS) =>
  parseIntegerOption(command, 'interval', raw, minMs, maxMs);

/** The data source for a command; one that cannot be opened (a bad --proc-root) is a CliError: exit 2. */
export async function openSource(command: string, values: { proc?: boolean; 'proc-root'?: string }): Promise<DataSource> {
  try {
    return await createDataSource(sourceOptionsFrom(values));
  } catch (err) {
    throw new CliError(`sockscope ${command}: ${errorMessage(err)}`);
  }
}

/** Where the history is kept: every command that records or reads it takes this. */
export const DATA_DIR_FLAG = { 'data-dir': { type: 'string' } } as const;

/** The flags of the commands that record (serve, record). */
export const RECORDING_FLAGS = {
  ...DATA_DIR_FLAG,
  'keep-days': { type: 'string' },
  'max-size': { type: 'string' },
} as const;

export function dataDirFrom(values: { 'data-dir'?: string }): string {
  return path.resolve(values['data-dir'] ?? defaultDataDir());
}

const SIZE_UNITS: Record<string, number> = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 };
const MIN_HISTORY_BYTES = 64 * 1024;

/** `500M`, `2G`, `1.5GiB`, `1073741824`: bytes (K, M, G, T are powers of 1024). */
export function parseSizeOption(command: string, name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const m = /^(\d+(?:\.\d+)?)\s*([KMGT]?)(?:i?B)?$/i.exec(raw.trim());
  const bytes = m ? Math.floor(Number(m[1]) * SIZE_UNITS[m[2].toUpperCase()]) : NaN;
  if (!(bytes >= MIN_HISTORY_BYTES)) {
    throw new UsageError(`sockscope ${command}: --${name} must be a size of at least 64K, such as 500M or 2G, got '${raw}'`);
  }
  return bytes;
}

/** Where and how long to record, from the recording flags. */
export function historyOptionsFrom(
  command: string,
  values: { 'data-dir'?: string; 'keep-days'?: string; 'max-size'?: string },
): HistoryOptions {
  const days = parseIntegerOption(command, 'keep-days', values['keep-days'], 1, 3650);
  const maxBytes = parseSizeOption(command, 'max-size', values['max-size']);
  return {
    dataDir: dataDirFrom(values),
    retention: {
      maxAgeMs: days === undefined ? DEFAULT_RETENTION.maxAgeMs : days * 86_400_000,
      maxBytes: maxBytes ?? DEFAULT_RETENTION.maxBytes,
    },
  };
}
