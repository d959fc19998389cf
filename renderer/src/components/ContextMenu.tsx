/** The row's context menu: copy, act, filter by it, and its process's details. */
import { useServices } from '../app/app-context';
import { copyExecutablePath, copyRemoteEndpoint, copySelectedRows, showOnlyProcess, showOnlyRemoteHost } from '../app/actions';
import { Menu, type MenuItem } from './Menu';

interface ContextMenuProps {
  rowId: string;
  at: { x: number; y: number };
  onClose(): void;
}

export function ContextMenu({ rowId, at, onClose }: ContextMenuProps) {
  const services = useServices();
  const data = services.grid.row(rowId);
  if (!data) return null;
  const { row } = data;
  const noPid = row.pid === null ? 'No process owns this connection' : null;
  const count = services.grid.selectedRows().length;
  const items: MenuItem[] = [
    {
      label: count > 1 ? `Copy ${count} rows` : 'Copy',
      shortcut: 'Ctrl+C',
      onSelect: () => void copySelectedRows(services),
      testId: 'menu-copy',
    },
    { label: 'Copy remote endpoint', onSelect: () => void copyRemoteEndpoint(services, data), testId: 'menu-copy-remote' },
    {
      label: 'Copy executable path',
      onSelect: () => void copyExecutablePath(services, data),
      disabledReason: noPid,
      testId: 'menu-copy-exe',
    },
    { kind: 'separator' },
    ...services.rowActions.menuItems(data),
    { kind: 'separator' },
    {
      label: `Show only this process${row.processName ? ` (${row.processName})` : ''}`,
      onSelect: () => showOnlyProcess(services, data),
      disabledReason: noPid,
      testId: 'menu-only-process',
    },
    {
      label: `Show only this remote host (${row.remoteAddress})`,
      onSelect: () => showOnlyRemoteHost(services, data),
      testId: 'menu-only-remote',
    },
    { kind: 'separator' },
    {
      label: 'Process details',
      shortcut: 'Enter',
      onSelect: () => row.pid !== null && services.store.getState().openDrilldown(row.pid),
      disabledReason: noPid,
      testId: 'menu-details',
    },
  ];
  return <Menu label="Connection" items={items} at={at} onClose={onClose} testId="context-menu" />;
}
