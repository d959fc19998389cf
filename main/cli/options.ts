import { parseArgs, type ParseArgsConfig } from 'node:util';
import { createDataSource, type DataSource, type SourceOptions } from '../../native-bridge';
import { errorMessage } from '../common/errors';
import { type IntervalBounds, UI_INTERVAL_BOUNDS } from '../monitor/poller';
import { CliError, UsageError } from './cli-errors';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * `--port -1`: a negative number after an option that takes a value is that value (for its own
 * range check to refuse), not another option. parseArgs alone calls it "ambiguous".
 */
function joinNegativeValues(args: readonly string[], options: Options): string[] {
  const takesValue = (arg: string) => arg.startsWith('--') && options[arg.slice(2)]?.type === 'string';
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
