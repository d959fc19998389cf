import { useEffect, useState, type ChangeEvent, type MouseEvent } from 'react';
import { DEFAULT_INTERVAL_MS } from '../../../main/common/contract/messages';
import { useServices, useUi } from '../app/app-context';
import { openSelectedProcess, setResolveAddresses } from '../app/commands';
import { intervalOptions } from '../app/status-text';
import { isViewFiltered } from '../filters/view-filter';
import type { Overlay } from '../state/ui-store';

/** Typing in the filter re-filters every row; wait for a pause in typing first. */
const FILTER_DEBOUNCE_MS = 150;

type MenuKind = Exclude<Extract<Overlay, { x: number }>['kind'], 'context-menu'>;

export function Toolbar() {
  const services = useServices();
  const { feed, store, settings } = services;
  const paused = useUi((state) => state.viewPaused);
  const intervalMs = useUi((state) => state.status?.intervalMs ?? null);
  const connected = useUi((state) => state.status !== null && state.transport === 'open');
  const busy = useUi((state) => state.controlBusy);
  const selectedPid = useUi((state) => state.selection?.pid ?? null);
  const filtered = useUi((state) => isViewFiltered(state.viewFilter));
  const openMenu = useUi((state) => state.overlay?.kind);
  const resolving = useUi((state) => state.status?.resolveNames ?? false);
  const setQuickFilter = useUi((state) => state.setQuickFilter);

  /** Opens a menu under its button, or closes it if it is the one open. */
  const toggleMenu = (kind: MenuKind) => (event: MouseEvent<HTMLButtonElement>) => {
    if (openMenu === kind) return store.getState().closeOverlay();
    const box = event.currentTarget.getBoundingClientRect();
    store.getState().openOverlay({ kind, x: box.left, y: box.bottom + 2 });
  };
  const menuButton = (kind: MenuKind, label: string, testId: string, extraClass = '') => (
    <button
      type="button"
      className={`button ${extraClass}`}
      data-testid={testId}
      aria-haspopup="menu"
      aria-expanded={openMenu === kind}
      // The menu closes on any press outside it: this button's own press must not reopen it.
      onPointerDown={(event) => openMenu === kind && event.stopPropagation()}
      onClick={toggleMenu(kind)}
    >
      {label} ▾
    </button>
  );

  return (
    <header className="toolbar">
      <h1 className="app-title">Sockscope</h1>
      <button
        type="button"
        className={paused ? 'button button-resume' : 'button'}
        data-testid="pause-toggle"
        aria-pressed={paused}
        disabled={!connected}
        onClick={() => feed.setPaused(!paused)}
        title={
          paused ? 'Resume: catch up with the monitor (Space)' : 'Pause: freeze this table; the monitor goes on recording (Space)'
        }
      >
        {paused ? '▶ Resume' : '❚❚ Pause'}
      </button>
      <button
        type="button"
        className="button"
        data-testid="refresh-now"
        disabled={!connected}
        onClick={() => void feed.pollNow()}
        title="Refresh now: read the table at once, paused or not (F5)"
        aria-label="Refresh now"
      >
        ⟳
      </button>
      <label className="toolbar-field" title="How often the table is read">
        <span className="toolbar-label">Every</span>
        <select
          data-testid="interval-select"
          value={intervalMs ?? DEFAULT_INTERVAL_MS}
          disabled={!connected || busy}
          aria-label="Refresh interval"
          onChange={(event) => {
            const ms = Number(event.target.value);
            settings.rememberInterval(ms);
            void feed.setIntervalMs(ms);
          }}
        >
          {intervalOptions(intervalMs).map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      </label>
      <label className="toolbar-field toolbar-check" title="Show host names (hosts file, then DNS) and service names of ports">
        <input
          type="checkbox"
          data-testid="resolve-toggle"
          checked={resolving}
          disabled={!connected || busy}
          onChange={(event) => setResolveAddresses(services, event.target.checked)}
        />
        <span className="toolbar-label">Resolve addresses</span>
        <span className="toolbar-label-short">Names</span>
      </label>
      <QuickFilter onChange={setQuickFilter} />
      {menuButton('filters-menu', 'Filters', 'filters-button', filtered ? 'button-active' : '')}
      {menuButton('export-menu', 'Save as', 'export-button')}
      {menuButton('view-menu', 'View', 'view-button')}
      <button
        type="button"
        className="button toolbar-wide"
        data-testid="open-process"
        disabled={selectedPid === null}
        onClick={() => openSelectedProcess(services)}
        title="Details and recent history of the selected row's process (Enter, or double-click a row)"
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
    const timer = setTimeout(() => {
      performance.mark('sockscope:quick-filter'); // for bench/ui.mjs: the filter's cost, typing excluded
      onChange(text);
    }, FILTER_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, onChange]);
  return (
    <input
      className="quick-filter"
      type="search"
      data-testid="quick-filter"
      aria-label="Filter the table"
      placeholder="Filter (Ctrl+F): name, address:port, !exclude…"
      value={text}
      onChange={(event: ChangeEvent<HTMLInputElement>) => setText(event.target.value)}
      spellCheck={false}
    />
  );
}
