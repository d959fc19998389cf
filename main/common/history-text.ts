/**
 * What a text search over recorded events matches: the words of what the History view shows of
 * an event. Pure (common layer): the monitor filters with it, and a UI can use the same rule.
 */
import { localEndpoint, remoteEndpoint } from './endpoint-text';
import type { ConnectionEvent, Owner } from './contract/events';

/** The event's searchable text, lower-cased: type, process name and pid, both endpoints, state(s). */
export function eventSearchText(event: ConnectionEvent, owner: Owner | null): string {
  const row = event.connection;
  const who = owner ?? (row.pid === null ? null : { pid: row.pid, processName: row.processName });
  return [
    event.type,
    who?.processName ?? '',
    who?.pid ?? '',
    localEndpoint(row),
    remoteEndpoint(row),
    row.state,
    event.from ?? '',
  ]
    .join(' ')
    .toLowerCase();
}

/**
 * A test of searchable text for `query`: every word must appear in it, and no word written
 * `!word`; case is ignored. Null where the query has no words (everything matches).
 */
export function textMatcher(query: string): ((text: string) => boolean) | null {
  const include: string[] = [];
  const exclude: string[] = [];
  for (const word of query.toLowerCase().split(/\s+/)) {
    if (word.length > 1 && word[0] === '!') exclude.push(word.slice(1));
    else if (word !== '' && word !== '!') include.push(word);
  }
  if (include.length === 0 && exclude.length === 0) return null;
  return (text) => include.every((w) => text.includes(w)) && !exclude.some((w) => text.includes(w));
}
