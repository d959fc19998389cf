// The History view: recorded events, filtered as the grid is, saved as CSV.
import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { serveAndActor } from '../support/serve-and-actor';
import { filterGrid, rowWhere } from '../support/grid';

const env = serveAndActor(test, ['--interval', '500']);
const LISTEN_PORT = 24817;

test('History lists a listener’s opened and closed events, filters by port, state and text, and saves them as CSV', async ({
  page,
}) => {
  await page.goto(env.serve.url.href);
  // A port below the ephemeral range (32768–60999): a kernel-chosen one may be the local or
  // remote port of an earlier spec's TIME_WAIT row, whose close would join this history.
  const { port } = await env.actor.send({ op: 'listen', id: 'L', host: '127.0.0.1', port: LISTEN_PORT });
  await filterGrid(page, String(port)); // earlier specs' TIME_WAIT rows may push it out of view
  await expect(rowWhere(page, { localPort: port!, state: 'LISTEN' })).toHaveCount(1);
  await env.actor.send({ op: 'close', id: 'L' });
  await expect(rowWhere(page, { localPort: port!, state: 'LISTEN' })).toHaveCount(0, { timeout: 8_000 });

  await page.getByTestId('view-button').click();
  await page.getByTestId('view-history').click();
  const view = page.getByTestId('history-view');
  await view.getByTestId('history-port').fill(String(port));
  const lines = view.getByTestId('history-events').locator('li');
  await expect(lines).toHaveCount(2);
  await expect(lines.nth(0)).toContainText(`opened 127.0.0.1:${port}`);
  await expect(lines.nth(0)).toContainText('node(');
  await expect(lines.nth(1)).toContainText(`closed 127.0.0.1:${port}`);
  await view.getByTestId('history-text').fill('!closed');
  await expect(lines).toHaveCount(1);
  await view.getByTestId('history-text').fill('');
  await view.getByTestId('history-state').selectOption('ESTABLISHED');
  await expect(lines).toHaveCount(0);
  await view.getByTestId('history-state').selectOption('');
  await expect(lines).toHaveCount(2);
  await page.screenshot({ path: `${__dirname}/../screenshots/11-history-view.png` });

  const [download] = await Promise.all([page.waitForEvent('download'), view.getByTestId('history-save-csv').click()]);
  expect(download.suggestedFilename()).toMatch(/^sockscope-history-\d{4}-\d\d-\d\d-\d{6}\.csv$/);
  const csv = fs
    .readFileSync(await download.path(), 'utf8')
    .trim()
    .split('\n');
  expect(csv[0]).toMatch(/^seq,time,type,id,from,to,family,localAddress,localPort/);
  expect(csv.slice(1).map((line) => line.split(',')[2])).toEqual(['opened', 'closed']);
});
