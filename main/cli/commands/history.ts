import type { ConnectionEvent } from '../../common/contract/events';
import { isoTime } from '../../common/time-text';
import type { HistoryFilter } from '../../monitor/history/event-filter';
import { dateAndTime, EVENT_CSV_HEADER, formatEvent, formatEventCsv } from '../format';
import { DATA_DIR_FLAG, dataDirFrom, parseCommandArgs, parseIntegerOption } from '../options';
import { openHistory } from '../open-history';
import { parseTimeOption } from '../time-arg';
import { UsageError } from '../cli-errors';
import { writeLines } from '../write-out';

const PID_MAX = 2 ** 32 - 1;

/** Prints recorded events, oldest first (with --limit N: the newest N). */
export async function historyCommand(args: string[]): Promise<void> {
  const { values } = parseCommandArgs('history', args, {
    json: { type: 'boolean' },
    csv: { type: 'boolean' },
    since: { type: 'string' },
    until: { type: 'string' },
    pid: { type: 'string' },
    process: { type: 'string' },
    remote: { type: 'string' },
    port: { type: 'string' },
    limit: { type: 'string' },
    ...DATA_DIR_FLAG,
  });
  if (values.json && values.csv) throw new UsageError('sockscope history: choose one of --json and --csv');
  const now = Date.now();
  const since = parseTimeOption('history', 'since', values.since, now);
  const until = parseTimeOption('history', 'until', values.until, now);
  if (since !== undefined && until !== undefined && since > until) {
    throw new UsageError(`sockscope history: --since (${isoTime(since)}) is after --until (${isoTime(until)})`);
  }
  const filter: HistoryFilter = {};
  if (since !== undefined) filter.since = isoTime(since);
  if (until !== undefined) filter.until = isoTime(until);
  const pid = parseIntegerOption('history', 'pid', values.pid, 0, PID_MAX);
  if (pid !== undefined) filter.pid = pid;
  if (values.process !== undefined) filter.process = values.process;
  // An address as `list` writes it, brackets and all, or bare.
  if (values.remote !== undefined) filter.remote = values.remote.replace(/^\[(.*)\]$/, '$1');
  const port = parseIntegerOption('history', 'port', values.port, 0, 65535);
  if (port !== undefined) filter.port = port;
  const limit = parseIntegerOption('history', 'limit', values.limit, 1, Number.MAX_SAFE_INTEGER);

  const reader = openHistory('history', dataDirFrom(values));
  const events: Iterable<ConnectionEvent> =
    limit === undefined ? eventsOf(reader.events(filter, 'oldest-first')) : reader.getHistory({ ...filter, limit });
  const line = values.json
    ? (e: ConnectionEvent) => JSON.stringify(e)
    : values.csv
      ? formatEventCsv
      : (e: ConnectionEvent) => formatEvent(e, dateAndTime);
  await writeLines(withHeader(values.csv ? EVENT_CSV_HEADER : null, events, line));
}

function* eventsOf(owned: Iterable<{ event: ConnectionEvent }>): Generator<ConnectionEvent> {
  for (const { event } of owned) yield event;
}

function* withHeader(
  header: string | null,
  events: Iterable<ConnectionEvent>,
  line: (e: ConnectionEvent) => string,
): Generator<string> {
  if (header !== null) yield header;
  for (const e of events) yield line(e);
}
