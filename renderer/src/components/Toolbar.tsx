import { useEffect, useState, type ChangeEvent } from 'react';
import { DEFAULT_INTERVAL_MS } from '../../../main/common/contract/messages';
import { useServices, useUi } from '../app/app-context';
import { intervalOptions } from '../app/status-text';

/** Typing in the filter re-filters every row; wait for a pause in typing first. */
const FILTER_DEBOUNCE_MS = 150;

export function Toolbar() {
  const { feed, store } = useServices();
  const paused = useUi((state) => state.status?.paused ?? false);
  const intervalMs = useUi((state) => state.status?.intervalMs ?? null);
  const connected = useUi((state) => state.status !== null && state.transport === 'open');
  const busy = useUi((state) => state.controlBusy);
  const selectedPid = useUi((state) => state.selection?.pid ?? null);
  const setQuickFilter = useUi((state) => state.setQuickFilter);

  return (
    <header className="toolbar">
      <span className="app-title">Sockscope</span>
      <button
        type="button"
        className={paused ? 'button button-resume' : 'button'}
        data-testid="pause-toggle"
        aria-pressed={paused}
        disabled={!connected || busy}
        onClick={() => void feed.setPaused(!paused)}
        title={paused ? 'Resume polling' : 'Pause polling (the table freezes)'}
      >
        {paused ? '▶ Resume' : '❚❚ Pause'}
      </button>
      <button
        type="button"
        className="button"
        data-testid="refresh-now"
        disabled={!connected}
        onClick={() => void feed.pollNow()}
        title="Refresh now: read the table at once, paused or not"
      >
        ⟳ Refresh
      </button>
      <label className="toolbar-field">
        Refresh
        <select
          data-testid="interval-select"
          value={intervalMs ?? DEFAULT_INTERVAL_MS}
          disabled={!connected || busy}
          onChange={(event) => void feed.setIntervalMs(Number(event.target.value))}
        >
          {intervalOptions(intervalMs).map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      </label>
      <QuickFilter onChange={setQuickFilter} />
      <button
        type="button"
        className="button"
        data-testid="open-process"
        disabled={selectedPid === null}
        onClick={() => selectedPid !== null && store.getState().openDrilldown(selectedPid)}
        title="Details and recent history of the selected row's process (or double-click a row)"
      >
        Process details…
      </button>
      {paused && (
        <span className="badge badge-paused" data-testid="paused-badge">
          Paused
        </span>
      )}
    </header>
  );
}

function QuickFilter({ onChange }: { onChange: (text: string) => void }) {
  const [text, setText] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => onChange(text), FILTER_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, onChange]);
  return (
    <input
      className="quick-filter"
      type="search"
      data-testid="quick-filter"
      placeholder="Filter: process, address, port, state…"
      value={text}
      onChange={(event: ChangeEvent<HTMLInputElement>) => setText(event.target.value)}
      spellCheck={false}
    />
  );
}
