/** ISO-8601 times as requests and the CLI take them. Pure (common layer). */

/** A date, optionally with a time (`T` or a space), seconds, fractions and an offset (`Z`, `+01:00`, `+0100`). */
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;

/**
 * Milliseconds since the epoch, or null for text that is not an ISO-8601 date or date-time.
 * As in JavaScript: a date alone is UTC midnight, a date-time without an offset is local time.
 */
export function parseIsoTime(text: string): number | null {
  if (!ISO_8601.test(text)) return null;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : null;
}

export const isoTime = (ms: number): string => new Date(ms).toISOString();
