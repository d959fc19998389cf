/** Times on the command line: ISO-8601, or relative to now (`-10m`, `-2h`, `-1h30m`, `-7d`). */
import { parseIsoTime } from '../common/time-text';
import { UsageError } from './cli-errors';

const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const RELATIVE = /^-(?:\d+[smhd])+$/;

/** Milliseconds since the epoch for `text`, or null where it is neither form. */
export function parseTimeText(text: string, now: number = Date.now()): number | null {
  if (text === 'now') return now;
  if (RELATIVE.test(text)) {
    let ago = 0;
    for (const [, n, unit] of text.matchAll(/(\d+)([smhd])/g)) ago += Number(n) * UNIT_MS[unit];
    return now - ago;
  }
  return parseIsoTime(text);
}

/** The option's time, or a UsageError naming it and both accepted forms. */
export function parseTimeOption(command: string, name: string, raw: string | undefined, now?: number): number | undefined {
  if (raw === undefined) return undefined;
  const ms = parseTimeText(raw, now);
  if (ms === null) {
    throw new UsageError(
      `sockscope ${command}: --${name} must be an ISO-8601 time (2026-11-01T14:02:31Z) or relative to now (-10m, -2h, -7d), got '${raw}'`,
    );
  }
  return ms;
}
