import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { SourceOptions } from '../../native-bridge';
import { type IntervalBounds, UI_INTERVAL_BOUNDS } from '../monitor/poller';
import { UsageError } from './cli-errors';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Strict parsing: an unknown flag or a missing value is a UsageError naming it. */
export function parseCommandArgs<T extends Options>(command: string, args: string[], options: T, positionals = 0) {
  let parsed;
  try {
    parsed = parseArgs({ args, options, strict: true, allowPositionals: positionals > 0 });
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
