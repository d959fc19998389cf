// A table of more than one snapshot message (10 000 rows each): the page shows every row of
// every part, and keeps following the events after them.
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { filterGrid, waitForTable } from '../support/grid';
import { serveAndActor } from '../support/serve-and-actor';
import { startSocketLoad } from '../support/socket-load';

const env = serveAndActor(test, []);
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
    const { port } = await env.actor.send({ op: 'listen', id: 'L', host: '127.0.0.1', port: 0 });
    await filterGrid(page, String(port));
    await expect(page.locator('.ag-row')).toHaveCount(1);
    await page.screenshot({ path: path.join(__dirname, '..', 'screenshots', '12-big-table.png') });
    await env.actor.send({ op: 'close', id: 'L' });
  } finally {
    generator.stop();
  }
});
