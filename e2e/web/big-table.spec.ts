// A table of more than one snapshot message (10 000 rows each): the page shows every row of
// every part, and keeps following the events after them.
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { filterGrid, waitForTable } from '../support/grid';
import { serveAndActor } from '../support/serve-and-actor';
import { startSocketLoad } from '../support/socket-load';

const env = serveAndActor(test, []);

/** The Local Port of each row drawn, by row index. */
function shownPorts(page: Page): Promise<{ index: number; port: number }[]> {
  return page.evaluate(() =>
    // (a row's pinned Process cell is drawn apart: only the part with the port counts)
    [...document.querySelectorAll('.ag-row[row-index]')]
      .map((row) => ({
        index: Number(row.getAttribute('row-index')),
        port: Number(row.querySelector('[col-id="localPort"]')?.textContent),
      }))
      .filter((row) => Number.isFinite(row.port) && row.port > 0)
      .sort((a, b) => a.index - b.index),
  );
}
const descending = (rows: { port: number }[]) =>
  rows.length > 10 && rows.every((row, i) => i === 0 || rows[i - 1].port >= row.port);
/** 12 000 connections, both ends here: 24 000 ESTABLISHED rows, three snapshot parts. */
const SOCKETS = 24_000;

test('a table that crosses in several parts shows every row, and events apply after it', async ({ page }) => {
  test.setTimeout(90_000);
  const generator = await startSocketLoad(SOCKETS, 80);
  try {
    await page.goto(env.serve.url.href);
    await waitForTable(page);
    await filterGrid(page, 'ESTABLISHED');
    // The generator's connections, and the few of serve's own (this page's WebSocket).
    const shown = async () => Number(/^showing (\d+) of/.exec((await page.getByTestId('total-count').textContent()) ?? '')?.[1]);
    await expect.poll(shown, { timeout: 20_000 }).toBeGreaterThanOrEqual(generator.sockets);
    expect(await shown()).toBeLessThan(generator.sockets + 20);

    // Sorted by Local Port, descending: the grid asks for the rows on
    // screen, so the top and the bottom are each in order, and the top sorts before the bottom.
    const portHeader = page.locator('.ag-header-cell[col-id="localPort"] .ag-header-cell-label');
    await portHeader.click();
    await portHeader.click(); // descending
    await expect(page.locator('.ag-header-cell[col-id="localPort"]')).toHaveAttribute('aria-sort', 'descending');
    await expect.poll(async () => descending(await shownPorts(page))).toBe(true);
    const first = await shownPorts(page);
    await page.getByTestId('connection-grid').evaluate((grid) => {
      // The element that scrolls the rows: the one as tall as 24 000 rows.
      const scroller = [...grid.querySelectorAll('*')].find(
        (e) => e.scrollHeight > 100_000 && e.clientHeight > 0 && e.clientHeight < e.scrollHeight,
      );
      if (scroller) scroller.scrollTop = scroller.scrollHeight;
    });
    await expect.poll(async () => (await shownPorts(page)).at(-1)?.index).toBeGreaterThanOrEqual(generator.sockets - 1);
    const last = await shownPorts(page);
    expect(descending(last)).toBe(true);
    expect(first[0].port).toBeGreaterThanOrEqual(last.at(-1)!.port);
    expect(last.every((row) => row.port <= first.at(-1)!.port)).toBe(true);
    const { port } = await env.actor.send({ op: 'listen', id: 'L', host: '127.0.0.1', port: 0 });
    await filterGrid(page, String(port));
    await expect(page.locator('.ag-row')).toHaveCount(1);
    await page.screenshot({ path: path.join(__dirname, '..', 'screenshots', '12-big-table.png') });
    await env.actor.send({ op: 'close', id: 'L' });
  } finally {
    generator.stop();
  }
});
