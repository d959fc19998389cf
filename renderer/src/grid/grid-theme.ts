import { colorSchemeDarkBlue, themeQuartz } from 'ag-grid-community';

/** Dark, compact Quartz: a monitor is read at a glance, many rows at a time. System fonts only
 * (the CSP forbids fetching web fonts, and none are needed). */
export const gridTheme = themeQuartz.withPart(colorSchemeDarkBlue).withParams({
  fontFamily: ['system-ui', '-apple-system', 'Segoe UI', 'Roboto', 'sans-serif'],
  fontSize: 12,
  headerFontSize: 12,
  rowHeight: 24,
  headerHeight: 30,
  spacing: 5,
  wrapperBorderRadius: 0,
  wrapperBorder: false,
  accentColor: '#4aa3ff',
});
