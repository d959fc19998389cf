/** Whichever menu or dialog is open (one at a time). */
import { useCallback } from 'react';
import { useServices, useUi } from '../app/app-context';
import { ConfirmClose, ConfirmEnd } from './ActionDialogs';
import { ColumnChooser } from './ColumnChooser';
import { ContextMenu } from './ContextMenu';
import { ExportMenu, FiltersMenu, ViewMenu } from './ToolbarMenus';
import { ShortcutsHelp } from './ShortcutsHelp';
import { HistoryView } from './HistoryView';

export function Overlays() {
  const { store } = useServices();
  const overlay = useUi((state) => state.overlay);
  const close = useCallback(() => store.getState().closeOverlay(), [store]);
  if (!overlay) return null;
  switch (overlay.kind) {
    case 'context-menu':
      return <ContextMenu rowId={overlay.rowId} at={overlay} onClose={close} />;
    case 'filters-menu':
      return <FiltersMenu at={overlay} onClose={close} />;
    case 'export-menu':
      return <ExportMenu at={overlay} onClose={close} />;
    case 'view-menu':
      return <ViewMenu at={overlay} onClose={close} />;
    case 'columns':
      return <ColumnChooser onClose={close} />;
    case 'shortcuts':
      return <ShortcutsHelp onClose={close} />;
    case 'history':
      return <HistoryView onClose={close} />;
    case 'confirm-close':
      return <ConfirmClose rowId={overlay.rowId} onClose={close} />;
    case 'confirm-end':
      return <ConfirmEnd pid={overlay.pid} name={overlay.name} force={overlay.force} onClose={close} />;
  }
}
