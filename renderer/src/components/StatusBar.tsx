import { hiddenOwnersText } from '../../../main/common/hidden-owners';
import { useServices, useUi } from '../app/app-context';
import { keepingText, lastRefreshText, sourceLabel } from '../app/status-text';
import { isViewFiltered } from '../filters/view-filter';
import { formatDateTime, formatDuration } from '../format/format';
import { orderedStateCounts } from '../sync/state-counts';
import { RestartElevated } from './RestartElevated';

export function StatusBar() {
  const { connection, store } = useServices();
  const counts = useUi((state) => state.counts);
  const rowsShown = useUi((state) => state.rowsShown);
  const rowsTotal = useUi((state) => state.rowsTotal);
  const filtering = useUi((state) => state.quickFilter !== '' || isViewFiltered(state.viewFilter));
  const stateFilter = useUi((state) => state.viewFilter.states);
  const status = useUi((state) => state.status);
  const resyncing = useUi((state) => state.resyncing);
  const hidden = status ? hiddenOwnersText(counts.ownersHidden, status.source) : null;
  const keeping = keepingText(status);

  return (
    <footer className="status-bar" data-testid="status-bar">
      <span
        data-testid="state-counts"
        className="state-counts"
        role="group"
        aria-label="Connections by state: click one to show only it"
      >
        {orderedStateCounts(counts).map(({ state, count }) => (
          <button
            key={state}
            type="button"
            className={`state-count state-${state}`}
            aria-pressed={stateFilter?.includes(state) ?? false}
            data-testid={`state-count-${state}`}
            title={`Show only ${state} (click again for all)`}
            onClick={() => store.getState().toggleStateFilter(state)}
          >
            {state} {count}
          </button>
        ))}
      </span>
      <span data-testid="total-count" className="total-count">
        {filtering ? `showing ${rowsShown} of ${rowsTotal}` : `${counts.total} total`}
      </span>
      {hidden && (
        <span className="hidden-owners" data-testid="hidden-owners" title={hidden}>
          {hidden}
        </span>
      )}
      {hidden && <RestartElevated />}
      {resyncing && <span className="badge">resyncing…</span>}
      <span className="spacer" />
      <span data-testid="source-label" className="source-label" title={status?.sourceDescription ?? ''}>
        Source: {sourceLabel(status)}
      </span>
      {keeping && (
        <span
          data-testid="recording"
          className={status?.history.note ? 'recording recording-note' : 'recording'}
          title={keeping.detail}
        >
          {keeping.label}
        </span>
      )}
      <span data-testid="last-refresh" title={formatDateTime(status?.lastGoodPollAt)}>
        {lastRefreshText(status)}
      </span>
      {status?.pollDurationMs != null && <span data-testid="poll-duration">poll {formatDuration(status.pollDurationMs)}</span>}
      <span className="transport">{connection.kind === 'electron' ? 'IPC' : 'WebSocket'}</span>
    </footer>
  );
}
