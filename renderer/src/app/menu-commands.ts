/**
 * The desktop app's menu bar, in the window: each pushed menuCommand runs the same function as
 * the renderer's own key or button for it (commands.ts, actions.ts, row-actions.ts).
 */
import type { MenuCommand } from '../../../main/common/contract/messages';
import type { SockscopeApi, Unsubscribe } from '../../../main/common/contract/requests';
import { parseMenuCommand } from '../../../main/common/contract/validate';
import { errorMessage } from '../../../main/common/errors';
import { copySelectedRows } from './actions';
import type { AppServices } from './app-context';
import { focusFilter, openSelectedProcess, refreshNow, setResolveAddresses, showShortcuts, togglePause } from './commands';

type Handler = (services: AppServices, doc: Pick<Document, 'querySelector'>) => void;

/** One handler per command: a command without one is a type error. */
const HANDLERS: Record<MenuCommand, Handler> = {
  resolveAddresses: (services) => setResolveAddresses(services, !(services.store.getState().status?.resolveNames ?? false)),
  pause: (services) => togglePause(services),
  refreshNow: (services) => refreshNow(services),
  copy: (services) => void copySelectedRows(services),
  find: (_services, doc) => focusFilter(doc),
  closeConnection: (services) => services.rowActions.closeSelected(),
  endProcess: (services) => services.rowActions.endSelected(),
  processDetails: (services) => openSelectedProcess(services),
  keyboardShortcuts: (services) => showShortcuts(services),
};

export function runMenuCommand(command: MenuCommand, services: AppServices, doc: Pick<Document, 'querySelector'>): void {
  HANDLERS[command](services, doc);
}

/** Follows the menu bar's pushes (Electron only: the WebSocket never sends any). A bad one is one console line. */
export function installMenuCommands(
  api: Pick<SockscopeApi, 'onMenuCommand'>,
  services: AppServices,
  doc: Pick<Document, 'querySelector'>,
  warn: (line: string) => void = (line) => console.warn(line),
): Unsubscribe {
  return api.onMenuCommand((text) => {
    let command: MenuCommand;
    try {
      command = parseMenuCommand(text);
    } catch (error) {
      warn(`sockscope: ${errorMessage(error)}`);
      return;
    }
    runMenuCommand(command, services, doc);
  });
}
