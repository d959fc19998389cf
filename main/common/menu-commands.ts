/**
 * The desktop app's menu commands as the user sees them: the label, and the renderer's own key
 * for it as the ? list writes it (null where it has none). The renderer's shortcut list and the
 * Electron menu's accelerators both come from here, so the menu never shows another key.
 */
import type { MenuCommand } from './contract/messages';

export interface CommandInfo {
  label: string;
  /** The renderer's key, alternatives separated by " / " (`F5 / Ctrl+R`); null for none. */
  keys: string | null;
}

export const COMMAND_INFO: Record<MenuCommand, CommandInfo> = {
  resolveAddresses: { label: 'Resolve addresses', keys: null },
  pause: { label: 'Pause / resume', keys: 'Space' },
  refreshNow: { label: 'Refresh now', keys: 'F5 / Ctrl+R' },
  copy: { label: 'Copy', keys: 'Ctrl+C' },
  find: { label: 'Find', keys: 'Ctrl+F' },
  closeConnection: { label: 'Close connection…', keys: 'Delete' },
  endProcess: { label: 'End process…', keys: null },
  processDetails: { label: 'Process details', keys: 'Enter' },
  keyboardShortcuts: { label: 'Keyboard shortcuts', keys: '?' },
};
