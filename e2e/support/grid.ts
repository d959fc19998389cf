import { expect, type Locator, type Page } from '@playwright/test';

/**
 * What a cell reads for this value: a port number, with names on, may read as its service
 * (`http-alt (8080)`), and any port the test picks may have an IANA name.
 */
const cellText = (colId: string, value: string | number): RegExp =>
  typeof value === 'number' && colId.endsWith('Port')
    ? new RegExp(`^\\s*(?:${value}|[^\\s()]+ \\(${value}\\))\\s*$`)
    : new RegExp(`^\\s*${value}\\s*$`);

/** The grid rows whose cells read exactly these values, by column id (AG Grid 36 renders pinned cells inside the row). */
export function rowWhere(page: Page, cells: Record<string, string | number>): Locator {
  let rows = page.locator('.ag-row');
  for (const [colId, value] of Object.entries(cells)) {
    rows = rows.filter({ has: page.locator(`[col-id="${colId}"]`, { hasText: cellText(colId, value) }) });
  }
  return rows;
}

/** A cell of a row. */
export function cellOf(row: Locator, colId: string): Locator {
  return row.locator(`[col-id="${colId}"]`);
}

/** Types into the quick filter, so the row under test is in view whatever the sort. */
export async function filterGrid(page: Page, text: string): Promise<void> {
  await page.getByTestId('quick-filter').fill(text);
}

/**
 * Waits until the page has applied its first snapshot (the mark the live feed sets). The status
 * bar can show the source before that, from an events message, and a row that arrives in the
 * snapshot rather than as an `opened` event is never highlighted as new.
 */
export async function waitForTable(page: Page): Promise<void> {
  await page.waitForFunction(() => performance.getEntriesByName('sockscope:snapshot-applied').length > 0);
}

/** Hovers `cell` until its tooltip shows: a row redrawn by a poll under the pointer drops the tooltip, and only a new hover brings it back. */
export async function tooltipOf(page: Page, cell: Locator): Promise<Locator> {
  const tooltip = page.locator('.ag-tooltip');
  await expect(async () => {
    await page.mouse.move(0, 0);
    await cell.hover();
    await expect(tooltip).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 15_000 });
  return tooltip;
}
