/** The toolbar's menus: filters, saving the table, and the view (theme, columns, keys). */
import { TCP_STATES } from '../../../main/common/types';
import { useServices, useUi } from '../app/app-context';
import { saveCsv, saveJson } from '../app/actions';
import { setResolveAddresses, showShortcuts } from '../app/commands';
import type { ThemeChoice } from '../settings/settings';
import { Menu, type MenuItem } from './Menu';

interface MenuAt {
  at: { x: number; y: number };
  onClose(): void;
}

export function FiltersMenu({ at, onClose }: MenuAt) {
  const { store } = useServices();
  const filter = useUi((state) => state.viewFilter);
  const counts = useUi((state) => state.counts);
  const actions = store.getState();
  const flag = (label: string, key: 'hideListeners' | 'hideLoopback' | 'hideTimeWaitAndClosed', testId: string): MenuItem => ({
    kind: 'check',
    label,
    checked: filter[key],
    keepOpen: true,
    testId,
    onSelect: () => actions.setViewFilter({ [key]: !filter[key] }),
  });
  const family = (label: string, value: 'all' | 'ipv4' | 'ipv6'): MenuItem => ({
    kind: 'radio',
    label,
    checked: filter.family === value,
    keepOpen: true,
    testId: `filter-family-${value}`,
    onSelect: () => actions.setViewFilter({ family: value }),
  });
  const items: MenuItem[] = [
    flag('Hide listeners', 'hideListeners', 'filter-hide-listeners'),
    flag('Hide loopback', 'hideLoopback', 'filter-hide-loopback'),
    flag('Hide TIME_WAIT and closed', 'hideTimeWaitAndClosed', 'filter-hide-time-wait'),
    { kind: 'separator' },
    family('IPv4 and IPv6', 'all'),
    family('IPv4 only', 'ipv4'),
    family('IPv6 only', 'ipv6'),
    { kind: 'separator' },
    { kind: 'heading', label: 'States' },
    ...TCP_STATES.map((state): MenuItem => ({
      kind: 'check',
      label: `${state} (${counts.byState[state] ?? 0})`,
      checked: filter.states === null || filter.states.includes(state),
      keepOpen: true,
      testId: `filter-state-${state}`,
      onSelect: () => actions.toggleStateFilter(state),
    })),
    { kind: 'separator' },
    { label: 'Clear all filters', onSelect: () => actions.clearFilters(), testId: 'filter-clear' },
  ];
  return <Menu label="Filters" items={items} at={at} onClose={onClose} testId="filters-menu" />;
}

export function ExportMenu({ at, onClose }: MenuAt) {
  const services = useServices();
  const shown = useUi((state) => state.rowsShown);
  const items: MenuItem[] = [
    { label: `CSV, the ${shown} rows shown…`, onSelect: () => saveCsv(services), testId: 'export-csv' },
    { label: `JSON (list --json rows), the ${shown} rows shown…`, onSelect: () => saveJson(services), testId: 'export-json' },
  ];
  return <Menu label="Save as" items={items} at={at} onClose={onClose} testId="export-menu" />;
}

export function ViewMenu({ at, onClose }: MenuAt) {
  const services = useServices();
  const { store, settings } = services;
  const theme = useUi((state) => state.theme);
  const resolving = useUi((state) => state.status?.resolveNames ?? false);
  const actions = store.getState();
  const themeItem = (label: string, value: ThemeChoice): MenuItem => ({
    kind: 'radio',
    label,
    checked: theme === value,
    testId: `theme-${value}`,
    onSelect: () => actions.setTheme(value),
  });
  const items: MenuItem[] = [
    {
      kind: 'check',
      label: 'Resolve addresses',
      checked: resolving,
      testId: 'view-resolve',
      onSelect: () => setResolveAddresses(services, !resolving),
    },
    { label: 'Columns…', onSelect: () => actions.openOverlay({ kind: 'columns' }), testId: 'view-columns' },
    { label: 'Reset layout', onSelect: () => settings.resetLayout(), testId: 'view-reset-layout' },
    { label: 'History…', onSelect: () => actions.openOverlay({ kind: 'history' }), testId: 'view-history' },
    { kind: 'separator' },
    { kind: 'heading', label: 'Theme' },
    themeItem('As the system', 'system'),
    themeItem('Light', 'light'),
    themeItem('Dark', 'dark'),
    { kind: 'separator' },
    {
      label: 'Keyboard shortcuts',
      shortcut: '?',
      onSelect: () => showShortcuts(services),
      testId: 'view-shortcuts',
    },
  ];
  return <Menu label="View" items={items} at={at} onClose={onClose} testId="view-menu" />;
}
