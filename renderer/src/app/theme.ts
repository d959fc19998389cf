/**
 * Light or dark, following the system unless the user chose one. Our colours and AG Grid's
 * follow the same attributes on <html>: `data-theme` (styles.css) and `data-ag-theme-mode`.
 */
import type { ThemeChoice } from '../settings/settings';
import type { UiStore } from '../state/ui-store';

export type Theme = 'light' | 'dark';

/** AG Grid's colour-scheme mode for each of ours (grid-theme.ts sets their parameters). */
export const GRID_THEME_MODE: Record<Theme, string> = { light: 'light', dark: 'dark-blue' };

export function resolveTheme(choice: ThemeChoice, systemPrefersDark: boolean): Theme {
  if (choice === 'system') return systemPrefersDark ? 'dark' : 'light';
  return choice;
}

/** Applies the store's choice now and whenever it or the system preference changes. */
export function applyTheme(store: UiStore, root: HTMLElement = document.documentElement): () => void {
  const query = window.matchMedia('(prefers-color-scheme: dark)');
  const apply = () => {
    const theme = resolveTheme(store.getState().theme, query.matches);
    root.dataset.theme = theme;
    root.dataset.agThemeMode = GRID_THEME_MODE[theme];
    root.style.colorScheme = theme;
  };
  apply();
  query.addEventListener('change', apply);
  const unsubscribe = store.subscribe((state, previous) => {
    if (state.theme !== previous.theme) apply();
  });
  return () => {
    query.removeEventListener('change', apply);
    unsubscribe();
  };
}
