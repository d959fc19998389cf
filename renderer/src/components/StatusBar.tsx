import { useServices, useUi } from '../app/app-context';
import { lastRefreshText, sourceLabel } from '../app/status-text';
import { formatDateTime, formatDuration } from '../format/format';
import { orderedStateCounts } from '../sync/state-counts';

export function StatusBar() {
  const { connection } = useServices();
  const counts = useUi((state) => state.counts);
  const rowsShown = useUi((state) => state.rowsShown);
  const filtering = useUi((state) => state.quickFilter !== '' || state.onlyDrilldownProcess);
  const status = useUi((state) => state.status);
  const resyncing = useUi((state) => state.resyncing);

  return (
    <footer className="status-bar" data-testid="status-bar">
      <span data-testid="state-counts" className="state-counts">
        {orderedStateCounts(counts).map(({ state, count }, index) => (
          <span key={state} className={`state-count state-${state}`}>
            {index > 0 && ' · '}
            {state} {count}
          </span>
        ))}
      </span>
      <span data-testid="total-count">
        {counts.total} total{filtering && ` · ${rowsShown} shown`}
      </span>
      {resyncing && <span className="badge">resyncing…</span>}
      <span className="spacer" />
      <span data-testid="source-label" title={status?.sourceDescription ?? ''}>
        Source: {sourceLabel(status)}
      </span>
      <span data-testid="last-refresh" title={formatDateTime(status?.lastGoodPollAt)}>
        {lastRefreshText(status)}
      </span>
      {status?.pollDurationMs != null && <span data-testid="poll-duration">poll {formatDuration(status.pollDurationMs)}</span>}
      <span className="transport">{connection.kind === 'electron' ? 'IPC' : 'WebSocket'}</span>
    </footer>
  );
}
