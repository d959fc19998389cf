/**
 * What the keys, the toolbar, the menus and the desktop app's menu bar do, one function each,
 * so every way in runs the same code.
 */
import type { AppServices } from './app-context';

/** F5 / Ctrl+R: poll now (never reload the page). */
export function refreshNow(services: AppServices): void {
  void services.feed.pollNow();
}

/** Ctrl+F: into the quick filter, its text selected. */
export function focusFilter(doc: Pick<Document, 'querySelector'>): void {
  const filter = doc.querySelector<HTMLInputElement>('[data-testid="quick-filter"]');
  filter?.focus();
  filter?.select();
}

/** Space: pause or resume this view (the monitor goes on polling and recording). */
export function togglePause(services: AppServices): void {
  services.feed.setPaused(!services.store.getState().viewPaused);
}

/** Resolve addresses on or off, remembered across restarts. */
export function setResolveAddresses(services: AppServices, resolve: boolean): void {
  services.settings.rememberResolveNames(resolve);
  void services.feed.setResolveNames(resolve);
}

/** ?: the list of keys. */
export function showShortcuts(services: AppServices): void {
  services.store.getState().openOverlay({ kind: 'shortcuts' });
}

/** Process details of the selected row's process (the toolbar's button; Enter in the grid). */
export function openSelectedProcess(services: AppServices): void {
  const pid = services.store.getState().selection?.pid ?? null;
  if (pid !== null) services.store.getState().openDrilldown(pid);
}
