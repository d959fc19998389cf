/**
 * The keys TCPView users know, handled once for the whole page. Keys that act on rows work
 * when the grid has the focus; typing in a field is never taken for a shortcut.
 */
import { COMMAND_INFO } from '../../../main/common/menu-commands';
import type { AppServices } from './app-context';
import { copySelectedRows } from './actions';
import { focusFilter, refreshNow, showShortcuts, togglePause } from './commands';

/** The key of a command the desktop app's menu shows too (one table for both). */
const keysOf = (command: keyof typeof COMMAND_INFO): string => COMMAND_INFO[command].keys ?? '';

export interface Shortcut {
  keys: string;
  action: string;
}

/** What the ? overlay lists. */
export const SHORTCUTS: readonly Shortcut[] = [
  { keys: keysOf('find'), action: 'Focus the filter' },
  { keys: keysOf('pause'), action: 'Pause / resume (grid focused)' },
  { keys: keysOf('refreshNow'), action: 'Refresh now' },
  { keys: keysOf('copy'), action: 'Copy the selected rows' },
  { keys: keysOf('closeConnection'), action: 'Close the connection (asks first)' },
  { keys: keysOf('processDetails'), action: 'Process details' },
  { keys: 'Esc', action: 'Close the panel, menu or dialog' },
  { keys: '↑ ↓ ← →', action: 'Move in the grid' },
  { keys: '← → Home End', action: 'Timeline focused: step through the recorded time (Shift: 10 steps); Esc back to Live' },
  { keys: keysOf('keyboardShortcuts'), action: 'This list' },
];

const isTyping = (target: EventTarget | null): boolean =>
  target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));

const inGrid = (target: EventTarget | null): boolean => target instanceof Element && target.closest('.grid-host') !== null;

/** Row actions the keys reach that live elsewhere (close connection, in the actions UI). */
export interface KeyActions {
  closeSelected(): void;
  endSelected(): void;
}

export function installShortcuts(doc: Document, services: AppServices, actions: KeyActions | null = null): () => void {
  const onKey = (event: KeyboardEvent) => {
    const state = services.store.getState();
    const ctrl = event.ctrlKey || event.metaKey;
    const key = event.key;

    if (key === 'F5' || (ctrl && key.toLowerCase() === 'r')) {
      event.preventDefault(); // never reload the page: refresh the table
      refreshNow(services);
      return;
    }
    if (ctrl && key.toLowerCase() === 'f') {
      event.preventDefault();
      focusFilter(doc);
      return;
    }
    if (key === 'Escape') {
      if (state.overlay) state.closeOverlay();
      else if (state.drilldownPid !== null) state.closeDrilldown();
      else return;
      event.preventDefault();
      return;
    }
    if (isTyping(event.target) || state.overlay) return;
    if (key === '?') {
      event.preventDefault();
      showShortcuts(services);
      return;
    }
    if (!inGrid(event.target)) return;
    if (key === ' ' && !ctrl) {
      event.preventDefault();
      togglePause(services);
    } else if (ctrl && key.toLowerCase() === 'c' && (doc.getSelection()?.toString() ?? '') === '') {
      event.preventDefault();
      void copySelectedRows(services);
    } else if (key === 'Delete' && actions) {
      event.preventDefault();
      actions.closeSelected();
    }
  };
  doc.addEventListener('keydown', onKey);
  return () => doc.removeEventListener('keydown', onKey);
}
