import { themeQuartz } from 'ag-grid-community';

/**
 * Compact Quartz: a monitor is read at a glance, many rows at a time. Its light and dark modes
 * (`data-ag-theme-mode` on <html>, set by theme.ts) take the app's own colours. System fonts
 * only (the CSP forbids fetching web fonts, and none are needed).
 */
export const gridTheme = themeQuartz
  .withParams({
    fontFamily: ['system-ui', '-apple-system', 'Segoe UI', 'Roboto', 'sans-serif'],
    fontSize: 12,
    headerFontSize: 12,
    rowHeight: 24,
    headerHeight: 30,
    spacing: 5,
    wrapperBorderRadius: 0,
    wrapperBorder: false,
  })
  .withParams({ accentColor: '#0b62c4', backgroundColor: '#ffffff', foregroundColor: '#16202c' }, 'light')
  .withParams({ accentColor: '#4aa3ff', backgroundColor: '#172231', foregroundColor: '#e3eaf2' }, 'dark-blue');
