/**
 * The History view: recorded events with the grid's kinds of filter (text, process, port, state,
 * time range), newest last, paged back on request, saved as CSV or JSON (the `history` formats).
 */
import { useCallback, useEffect, useState } from 'react';
import type { ConnectionEvent } from '../../../main/common/contract/events';
import type { HistoryQuery } from '../../../main/common/contract/requests';
import { EVENT_CSV_HEADER, formatEventCsv } from '../../../main/common/csv-format';
import { errorMessage } from '../../../main/common/errors';
import { TCP_STATES, type TcpState } from '../../../main/common/types';
import { download, exportFileName } from '../app/actions';
import { useServices } from '../app/app-context';
import { eventSummary } from '../app/process-text';
import { formatDateTime } from '../format/format';
import { Dialog } from './Dialog';
import { PeriodSelect } from './HistoryBits';

const PAGE = 500;

interface Filters {
  text: string;
  process: string;
  port: string;
  state: TcpState | '';
  periodMs: number;
}

/** The query for these filters; a port that is no port is left out (the field says so). */
function queryOf(filters: Filters, beforeSeq?: number): Omit<HistoryQuery, 'limit'> {
  const port = Number(filters.port);
  return {
    since: new Date(Date.now() - filters.periodMs).toISOString(),
    ...(filters.text.trim() ? { text: filters.text.trim() } : {}),
    ...(filters.process.trim() ? { process: filters.process.trim() } : {}),
    ...(/^\d+$/.test(filters.port) && port <= 65535 ? { port } : {}),
    ...(filters.state ? { state: filters.state } : {}),
    ...(beforeSeq !== undefined ? { beforeSeq } : {}),
  };
}

/** Process names come from other processes: React renders them as text only. */
const ownerText = (event: ConnectionEvent): string =>
  event.connection.pid === null ? '-' : `${event.connection.processName ?? '?'}(${event.connection.pid})`;

export function HistoryView({ onClose }: { onClose(): void }) {
  const { connection } = useServices();
  const [filters, setFilters] = useState<Filters>({ text: '', process: '', port: '', state: '', periodMs: 3_600_000 });
  const [events, setEvents] = useState<ConnectionEvent[]>([]);
  const [more, setMore] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(
    async (beforeSeq?: number) => {
      try {
        const page = await connection.api.getHistory({ ...queryOf(filters, beforeSeq), limit: PAGE });
        setEvents((shown) => (beforeSeq === undefined ? page : [...page, ...shown]));
        setMore(page.length === PAGE);
        setError(null);
      } catch (err) {
        setError(errorMessage(err));
      }
    },
    [connection, filters],
  );
  useEffect(() => {
    const timer = setTimeout(() => void load(), 200); // typing settles first
    return () => clearTimeout(timer);
  }, [load]);

  const set = (change: Partial<Filters>) => setFilters((f) => ({ ...f, ...change }));
  const portInvalid = filters.port !== '' && !(/^\d+$/.test(filters.port) && Number(filters.port) <= 65535);
  const saveCsv = () =>
    download(
      new Blob([[EVENT_CSV_HEADER, ...events.map(formatEventCsv)].join('\n') + '\n'], { type: 'text/csv' }),
      exportFileName(new Date(), 'csv', 'sockscope-history'),
    );
  const saveJson = () =>
    download(
      new Blob([events.map((e) => JSON.stringify(e)).join('\n') + '\n'], { type: 'application/x-ndjson' }),
      exportFileName(new Date(), 'json', 'sockscope-history'),
    );

  return (
    <Dialog
      title="History"
      onClose={onClose}
      testId="history-view"
      wide
      actions={
        <>
          <button
            type="button"
            className="button"
            onClick={saveCsv}
            disabled={events.length === 0}
            data-testid="history-save-csv"
          >
            Save as CSV
          </button>
          <button
            type="button"
            className="button"
            onClick={saveJson}
            disabled={events.length === 0}
            data-testid="history-save-json"
          >
            Save as JSON
          </button>
          <button type="button" className="button" onClick={onClose}>
            Close
          </button>
        </>
      }
    >
      <div className="history-filters">
        <label>
          Search{' '}
          <input
            data-autofocus
            data-testid="history-text"
            value={filters.text}
            placeholder="words, !exclude"
            onChange={(e) => set({ text: e.target.value })}
          />
        </label>
        <label>
          Process{' '}
          <input data-testid="history-process" value={filters.process} onChange={(e) => set({ process: e.target.value })} />
        </label>
        <label>
          Port{' '}
          <input
            data-testid="history-port"
            inputMode="numeric"
            size={6}
            value={filters.port}
            aria-invalid={portInvalid}
            onChange={(e) => set({ port: e.target.value })}
          />
        </label>
        <label>
          State{' '}
          <select
            data-testid="history-state"
            value={filters.state}
            onChange={(e) => set({ state: e.target.value as TcpState | '' })}
          >
            <option value="">any</option>
            {TCP_STATES.map((state) => (
              <option key={state}>{state}</option>
            ))}
          </select>
        </label>
        <label>
          Period <PeriodSelect testId="history-period" value={filters.periodMs} onChange={(periodMs) => set({ periodMs })} />
        </label>
      </div>
      {portInvalid && <p className="error-text">A port is a number from 0 to 65535.</p>}
      {error && <p className="error-text">History unavailable: {error}</p>}
      {more && (
        <button
          type="button"
          className="button button-small"
          data-testid="history-older"
          onClick={() => void load(events[0]?.seq)}
        >
          Show older
        </button>
      )}
      {/* It scrolls: focusable, so the keyboard can scroll it too. */}
      <ol
        tabIndex={0}
        className="panel-list mono history history-list"
        data-testid="history-events"
        aria-label={`${events.length} events`}
      >
        {events.map((event) => (
          <li key={event.seq} className={`history-${event.type}`}>
            <span className="history-time">{formatDateTime(event.time)}</span>{' '}
            <span className="history-owner">{ownerText(event)}</span> {eventSummary(event)}
          </li>
        ))}
      </ol>
      {events.length === 0 && !error && <p className="muted">No events match.</p>}
    </Dialog>
  );
}
