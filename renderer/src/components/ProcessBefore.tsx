import { useCallback, useEffect, useRef, useState } from 'react';
import type { ProcessConnection } from '../../../main/common/contract/requests';
import { errorMessage } from '../../../main/common/errors';
import { useServices } from '../app/app-context';
import { HISTORY_PERIODS } from '../app/history-periods';
import type { Loadable } from '../app/loadable';
import { pastRemoteTotals, type HostNameOf, type PastRemoteTotal } from '../app/process-summary';
import { PeriodSelect, RemoteHostLabel } from './HistoryBits';
import { formatBytes, formatClockTime, formatDateTime } from '../format/format';

const HOST_LIMIT = 100;
/** Changes to the process re-ask the recorder at most this often: the panel never loads it. */
const REFRESH_MS = 5000;

/**
 * The drill-down's "Before": every connection the process had in the period, from the recorder
 * (closed and short-lived ones too), as totals per remote host. What answers "what did it talk to".
 */
export function ProcessBefore({ pid, hostName }: { pid: number; hostName: HostNameOf }) {
  const { connection, feed } = useServices();
  const [periodMs, setPeriodMs] = useState<number>(3_600_000);
  const [answer, setAnswer] = useState<Loadable<ProcessConnection[]>>({ state: 'loading' });
  const inFlight = useRef(false);
  const loadedAt = useRef(0);

  const load = useCallback(() => {
    if (inFlight.current) return;
    inFlight.current = true;
    loadedAt.current = Date.now();
    connection.api
      .getProcessConnections({ pid, since: new Date(Date.now() - periodMs).toISOString() })
      .then(({ connections }) => setAnswer({ state: 'loaded', value: connections }))
      .catch((error: unknown) => setAnswer({ state: 'failed', error: errorMessage(error) }))
      .finally(() => {
        inFlight.current = false;
      });
  }, [connection, pid, periodMs]);

  useEffect(load, [load]);
  // Changes re-ask at most every REFRESH_MS; one that comes sooner is answered when that time is up.
  useEffect(() => {
    let later: ReturnType<typeof setTimeout> | null = null;
    const unsubscribe = feed.onRowsChanged((pids) => {
      if (!pids.has(pid) || later !== null) return;
      const wait = loadedAt.current + REFRESH_MS - Date.now();
      if (wait <= 0) return load();
      later = setTimeout(() => {
        later = null;
        load();
      }, wait);
    });
    return () => {
      unsubscribe();
      if (later !== null) clearTimeout(later);
    };
  }, [feed, pid, load]);

  const period = HISTORY_PERIODS.find((p) => p.ms === periodMs)?.label ?? '';
  // Open ones with the counters they have now (the recorder keeps those of their last change);
  // a TIME_WAIT entry has none, so it keeps the recorded ones.
  const withLiveCounters = (c: ProcessConnection): ProcessConnection => {
    const live = c.closedAt === null ? feed.row(c.id)?.row : undefined;
    return live && live.bytesSent != null ? { ...c, row: live } : c;
  };
  const totals = answer.state === 'loaded' ? pastRemoteTotals(answer.value.map(withLiveCounters), hostName) : [];
  const connections = totals.reduce((sum, t) => sum + t.connections, 0);
  const shortLived = totals.reduce((sum, t) => sum + t.shortLived, 0);
  return (
    <>
      <label className="inline-field">
        Period <PeriodSelect testId="process-period" value={periodMs} onChange={setPeriodMs} />
      </label>
      {answer.state === 'loading' && <p className="muted">Loading…</p>}
      {answer.state === 'failed' && <p className="error-text">History unavailable: {answer.error}</p>}
      {answer.state === 'loaded' && (
        <p className="muted" data-testid="process-past-summary">
          {connections === 0
            ? `No connections to other hosts in the ${period}.`
            : `${connections} connection${connections === 1 ? '' : 's'} to ${totals.length} host${totals.length === 1 ? '' : 's'} in the ${period}` +
              (shortLived > 0 ? `, ${shortLived} short-lived.` : '.')}
        </p>
      )}
      {totals.length > 0 && (
        <ul className="panel-list remote-totals" data-testid="process-past">
          {totals.slice(0, HOST_LIMIT).map((t) => (
            <li key={t.address} title={`${t.address}, remote ports ${t.ports.join(', ')}`}>
              <RemoteHostLabel address={t.address} host={t.host} />
              <span className="remote-count">
                {t.connections}×
                {t.shortLived > 0 && (
                  <span title="Too short for any poll: seen by the kernel's close notification"> (⚡ {t.shortLived})</span>
                )}
              </span>
              {(t.bytesSent !== null || t.bytesReceived !== null) && (
                <span className="mono">
                  ↑ {formatBytes(t.bytesSent ?? 0)} ↓ {formatBytes(t.bytesReceived ?? 0)}
                </span>
              )}
              <span className="muted" title={t.lastSeen === null ? undefined : `Last closed ${formatDateTime(t.lastSeen)}`}>
                {pastState(t)}
              </span>
            </li>
          ))}
          {totals.length > HOST_LIMIT && <li>… {totals.length - HOST_LIMIT} more hosts</li>}
        </ul>
      )}
    </>
  );
}

/** `2 open now`, `1 in TIME_WAIT`, `last 10:21:11`: where its connections stand at the period's end. */
function pastState({ open, timeWait, lastSeen }: PastRemoteTotal): string {
  const parts = [];
  if (open > 0) parts.push(`${open} open now`);
  if (timeWait > 0) parts.push(`${timeWait} in TIME_WAIT`);
  if (lastSeen !== null) parts.push(`last closed ${formatClockTime(lastSeen)}`);
  return parts.join(', ');
}
