/**
 * The keys TCPView users know, handled once for the whole page. Keys that act on rows work
 * when the grid has the focus; typing in a field is never taken for a shortcut.
 */
import type { AppServices } from './app-context';
import { copySelectedRows } from './actions';

export interface Shortcut {
  keys: string;
  action: string;
}

/** What the ? overlay lists. */
export const SHORTCUTS: readonly Shortcut[] = [
  { keys: 'Ctrl+F', action: 'Focus the filter' },
  { keys: 'Space', action: 'Pause / resume (grid focused)' },
  { keys: 'F5 / Ctrl+R', action: 'Refresh now' },
  { keys: 'Ctrl+C', action: 'Copy the selected rows' },
  { keys: 'Delete', action: 'Close the connection (asks first)' },
  { keys: 'Enter', action: 'Process details' },
  { keys: 'Esc', action: 'Close the panel, menu or dialog' },
  { keys: '↑ ↓ ← →', action: 'Move in the grid' },
  { keys: '← → Home End', action: 'Timeline focused: step through the recorded time (Shift: 10 steps); Esc back to Live' },
  { keys: '?', action: 'This list' },
];

const isTyping = (target: EventTarget | null): boolean =>
  target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));

const inGrid = (target: EventTarget | null): boolean => target instanceof Element && target.closest('.grid-host') !== null;

/** Row actions the keys reach that live elsewhere (close connection, in the actions UI). */
export interface KeyActions {
  closeSelected(): void;
}

export function installShortcuts(doc: Document, services: AppServices, actions: KeyActions | null = null): () => void {
  const onKey = (event: KeyboardEvent) => {
    const { store, feed } = services;
    const state = store.getState();
    const ctrl = event.ctrlKey || event.metaKey;
    const key = event.key;

    if (key === 'F5' || (ctrl && key.toLowerCase() === 'r')) {
      event.preventDefault(); // never reload the page: refresh the table
      void feed.pollNow();
      return;
    }
    if (ctrl && key.toLowerCase() === 'f') {
      event.preventDefault();
      const filter = doc.querySelector<HTMLInputElement>('[data-testid="quick-filter"]');
      filter?.focus();
      filter?.select();
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
      state.openOverlay({ kind: 'shortcuts' });
      return;
    }
    if (!inGrid(event.target)) return;
    if (key === ' ' && !ctrl) {
      event.preventDefault();
      feed.setPaused(!state.viewPaused);
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
