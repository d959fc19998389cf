import { parseArgs, type ParseArgsConfig } from 'node:util';
import { MAX_INTERVAL_MS, MIN_INTERVAL_MS } from '../contract/messages';
import { UsageError } from './usage';

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

export function parseIntegerOption(command: string, name: string, raw: string | undefined, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw new UsageError(`sockscope ${command}: --${name} must be an integer from ${min} to ${max}, got '${raw}'`);
  }
  return value;
}

export const parseInterval = (command: string, raw: string | undefined) =>
  parseIntegerOption(command, 'interval', raw, MIN_INTERVAL_MS, MAX_INTERVAL_MS);
