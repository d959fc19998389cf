import { useCallback, useEffect, useRef, useState } from 'react';
import type { ProcessInfo } from '../../../main/common/types';
import type { ConnectionEvent } from '../../../main/common/contract/events';
import { useServices, useUi } from '../app/app-context';
import { ByteRateSampler, type RateSample } from '../app/byte-rate';
import type { Loadable } from '../app/loadable';
import { eventSummary, processTitle } from '../app/process-text';
import { formatClockTime, formatDateTime } from '../format/format';
import { errorMessage } from '../../../main/common/errors';
import { PANEL_WIDTH_MAX, PANEL_WIDTH_MIN } from '../settings/settings';
import type { ConnectionGridRow } from '../sync/grid-row';
import { ProcessBefore } from './ProcessBefore';
import { ProcessNow } from './ProcessNow';

const HISTORY_LIMIT = 200;
/** The traffic chart's span, sampled once a second. */
const RATE_MINUTES = 5;
const RATE_SAMPLE_MS = 1000;

/** The process drill-down: who it is, what it does now, what it talked to before, and what just changed. */
export function ProcessPanel() {
  const pid = useUi((state) => state.drilldownPid);
  if (pid === null) return null;
  // Keyed by pid: switching process starts from a clean slate.
  return <ProcessPanelFor key={pid} pid={pid} />;
}

function ProcessPanelFor({ pid }: { pid: number }) {
  const { connection, feed, store } = useServices();
  const onlyThisProcess = useUi((state) => state.viewFilter.process?.pid === pid);
  const width = useUi((state) => state.panelWidth);
  const [info, setInfo] = useState<Loadable<ProcessInfo | null>>({ state: 'loading' });
  const [history, setHistory] = useState<Loadable<ConnectionEvent[]>>({ state: 'loading' });
  const [connections, setConnections] = useState<ConnectionGridRow[]>(() => feed.connectionsOf(pid));
  const sampler = useRef(new ByteRateSampler(RATE_MINUTES * 60_000));
  const [samples, setSamples] = useState<readonly RateSample[]>([]);
  const historyInFlight = useRef(false);
  const hostName = useCallback((address: string) => feed.names.hostName(address), [feed]);

  const loadHistory = useCallback(() => {
    if (historyInFlight.current) return;
    historyInFlight.current = true;
    connection.api
      .getHistory({ pid, limit: HISTORY_LIMIT })
      .then((events) => setHistory({ state: 'loaded', value: [...events].reverse() }))
      .catch((error: unknown) => setHistory({ state: 'failed', error: errorMessage(error) }))
      .finally(() => {
        historyInFlight.current = false;
      });
  }, [connection, pid]);

  useEffect(() => {
    let live = true;
    connection.api
      .getProcess({ pid })
      .then((value) => live && setInfo({ state: 'loaded', value }))
      .catch((error: unknown) => live && setInfo({ state: 'failed', error: errorMessage(error) }));
    loadHistory();
    return () => {
      live = false;
    };
  }, [connection, pid, loadHistory]);

  // Follow the process live: only refreshes that touched its connections cost anything.
  useEffect(
    () =>
      feed.onRowsChanged((pids) => {
        if (!pids.has(pid)) return;
        setConnections(feed.connectionsOf(pid));
        loadHistory();
      }),
    [feed, pid, loadHistory],
  );

  // Traffic: the process's own rows (an index lookup), once a second.
  useEffect(() => {
    const tick = () => {
      sampler.current.sample(Date.now(), feed.connectionsOf(pid));
      setSamples(sampler.current.samples);
    };
    tick();
    const timer = setInterval(tick, RATE_SAMPLE_MS);
    return () => clearInterval(timer);
  }, [feed, pid]);

  const process = info.state === 'loaded' ? info.value : null;
  return (
    <aside className="process-panel" data-testid="process-panel" aria-label={`Process ${pid}`} style={{ width }}>
      <PanelResizer />
      <header className="panel-header">
        <h2 data-testid="process-title">{processTitle(pid, process, connections)}</h2>
        <button
          type="button"
          className="button"
          data-testid="close-process"
          aria-label="Close the process details (Esc)"
          onClick={() => store.getState().closeDrilldown()}
        >
          ✕
        </button>
      </header>

      <ProcessDetails pid={pid} info={info} />

      <section className="panel-section" data-testid="process-now">
        <h3>
          Now: {connections.length} connection{connections.length === 1 ? '' : 's'}
          <label className="inline-check">
            <input
              type="checkbox"
              data-testid="only-this-process"
              checked={onlyThisProcess}
              onChange={(event) =>
                store
                  .getState()
                  .showOnlyProcess(
                    event.target.checked ? { pid, name: process?.name ?? connections[0]?.row.processName ?? null } : null,
                  )
              }
            />
            show only these in the table
          </label>
        </h3>
        <ProcessNow
          connections={connections}
          hostName={hostName}
          samples={samples}
          hasCounters={sampler.current.hasCounters}
          rateMinutes={RATE_MINUTES}
        />
      </section>

      <section className="panel-section" data-testid="process-before">
        <h3>Before</h3>
        <ProcessBefore pid={pid} hostName={hostName} />
      </section>

      <section className="panel-section">
        <h3>Recent changes</h3>
        {history.state === 'loading' && <p className="muted">Loading…</p>}
        {history.state === 'failed' && <p className="error-text">History unavailable: {history.error}</p>}
        {history.state === 'loaded' && history.value.length === 0 && <p className="muted">No changes recorded.</p>}
        {history.state === 'loaded' && (
          <ol className="panel-list mono history" data-testid="process-history">
            {history.value.map((event) => (
              <li key={event.seq} className={`history-${event.type}`} title={formatDateTime(event.time)}>
                <span className="history-time">{formatClockTime(event.time)}</span> {eventSummary(event)}
              </li>
            ))}
          </ol>
        )}
      </section>
    </aside>
  );
}

function ProcessDetails({ pid, info }: { pid: number; info: Loadable<ProcessInfo | null> }) {
  if (info.state === 'loading') return <p className="muted">Loading process…</p>;
  if (info.state === 'failed') return <p className="error-text">Process details unavailable: {info.error}</p>;
  if (info.value === null)
    return (
      <p className="muted" data-testid="process-gone">
        Process {pid} has exited or cannot be inspected.
      </p>
    );
  const process = info.value;
  const rows: Array<[string, string | null]> = [
    ['PID', String(process.pid)],
    ['Name', process.name],
    ['Parent', parentText(process)],
    ['Executable', process.exePath],
    ['Command line', process.commandLine],
    ['User', process.user],
    ['Started', formatDateTime(process.startedAt) || null],
  ];
  return (
    <dl className="process-details" data-testid="process-details">
      {rows.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd className={value === null ? 'muted' : 'mono'}>{value ?? 'unavailable'}</dd>
        </div>
      ))}
    </dl>
  );
}

/** `systemd (PID 1)`; the pid alone where its name is gone (Windows: the parent exited, its pid may be reused). */
function parentText({ parentPid, parentName }: ProcessInfo): string | null {
  if (parentPid === null) return null;
  return parentName === null ? `PID ${parentPid} (exited or hidden)` : `${parentName} (PID ${parentPid})`;
}

/** The panel's left edge: drag it (or use the arrow keys on it) to make the panel wider or narrower. */
function PanelResizer() {
  const { store } = useServices();
  const width = useUi((state) => state.panelWidth);
  const onPointerDown = (event: React.PointerEvent<HTMLDivElement>) => {
    event.preventDefault();
    const startX = event.clientX;
    const startWidth = store.getState().panelWidth;
    const onMove = (move: PointerEvent) => store.getState().setPanelWidth(startWidth + (startX - move.clientX));
    const onUp = () => {
      window.removeEventListener('pointermove', onMove);
      window.removeEventListener('pointerup', onUp);
    };
    window.addEventListener('pointermove', onMove);
    window.addEventListener('pointerup', onUp);
  };
  return (
    <div
      className="panel-resizer"
      role="separator"
      aria-orientation="vertical"
      aria-label="Resize the process details"
      aria-valuenow={width}
      aria-valuemin={PANEL_WIDTH_MIN}
      aria-valuemax={PANEL_WIDTH_MAX}
      tabIndex={0}
      data-testid="panel-resizer"
      onPointerDown={onPointerDown}
      onKeyDown={(event) => {
        const step = event.key === 'ArrowLeft' ? 20 : event.key === 'ArrowRight' ? -20 : 0;
        if (step === 0) return;
        event.preventDefault();
        store.getState().setPanelWidth(store.getState().panelWidth + step);
      }}
    />
  );
}
