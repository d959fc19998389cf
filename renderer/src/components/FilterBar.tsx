/** What the view is filtered by, one chip each, removable; nothing when nothing is filtered. */
import { useServices, useUi } from '../app/app-context';
import { isViewFiltered, type ViewFilter } from '../filters/view-filter';

interface Chip {
  label: string;
  clear: Partial<ViewFilter>;
  testId: string;
}

function chipsOf(filter: ViewFilter): Chip[] {
  const chips: Chip[] = [];
  if (filter.states) chips.push({ label: `State: ${filter.states.join(', ')}`, clear: { states: null }, testId: 'chip-states' });
  if (filter.hideListeners) chips.push({ label: 'No listeners', clear: { hideListeners: false }, testId: 'chip-listeners' });
  if (filter.hideLoopback) chips.push({ label: 'No loopback', clear: { hideLoopback: false }, testId: 'chip-loopback' });
  if (filter.hideTimeWaitAndClosed) {
    chips.push({ label: 'No TIME_WAIT or closed', clear: { hideTimeWaitAndClosed: false }, testId: 'chip-time-wait' });
  }
  if (filter.family !== 'all')
    chips.push({ label: filter.family === 'ipv4' ? 'IPv4 only' : 'IPv6 only', clear: { family: 'all' }, testId: 'chip-family' });
  if (filter.process) {
    const { pid, name } = filter.process;
    chips.push({ label: `Process: ${name ?? 'PID'} (${pid})`, clear: { process: null }, testId: 'chip-process' });
  }
  if (filter.remoteHost)
    chips.push({ label: `Remote: ${filter.remoteHost}`, clear: { remoteHost: null }, testId: 'chip-remote' });
  return chips;
}

export function FilterBar() {
  const { store } = useServices();
  const filter = useUi((state) => state.viewFilter);
  if (!isViewFiltered(filter)) return null;
  const actions = store.getState();
  return (
    <div className="filter-bar" data-testid="filter-bar" role="region" aria-label="Active filters">
      {chipsOf(filter).map((chip) => (
        <span key={chip.testId} className="chip" data-testid={chip.testId}>
          {chip.label}
          <button
            type="button"
            className="chip-clear"
            aria-label={`Remove the filter ${chip.label}`}
            onClick={() => actions.setViewFilter(chip.clear)}
          >
            ✕
          </button>
        </span>
      ))}
      <button type="button" className="button button-small" data-testid="filter-bar-clear" onClick={() => actions.clearFilters()}>
        Clear all
      </button>
    </div>
  );
}
