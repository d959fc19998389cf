// A connection opened and closed between two polls (Linux): the kernel's socket-destroy
// notification brings it to the grid as a closed row marked short-lived, which fades out.
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { cellOf, filterGrid } from '../support/grid';
import { serveAndActor } from '../support/serve-and-actor';

// Polls 10 s apart: the connection lives and dies well inside one interval.
const env = serveAndActor(test, ['--interval', '10000']);

test('a connection too short for any poll shows as a closed ⚡ row with a tooltip, then leaves', async ({ page }) => {
  await page.goto(env.serve.url.href);
  await expect(page.getByTestId('last-refresh')).not.toHaveText('No refresh yet');
  await expect(page.getByTestId('recording')).toHaveAttribute('title', /Short-lived connections are seen/);
  const { port } = await env.actor.send({ op: 'listen', id: 'L', host: '127.0.0.1', port: 0 });
  const { localPort } = await env.actor.send({ op: 'connect', id: 'C', host: '127.0.0.1', port: port! });
  // Both ends close: the client's lingers in TIME_WAIT, the server's is freed at once.
  await env.actor.send({ op: 'destroy', id: 'C' });
  await env.actor.send({ op: 'destroy', id: `L:${localPort}` });
  await filterGrid(page, String(localPort));
  await page.getByTestId('refresh-now').click(); // the next poll takes what the kernel told meanwhile
  const shortLived = page
    .locator('.ag-row.row-closed')
    .filter({ has: page.locator('[col-id="state"]', { hasText: '⚡ CLOSED' }) });
  await expect(shortLived.first()).toBeVisible();
  await expect(cellOf(shortLived.first(), 'pid')).toHaveText('');
  await page.screenshot({ path: path.join(__dirname, '..', 'screenshots', '9-short-lived.png') });
  await page.getByTestId('refresh-now').click();
  await page.getByTestId('refresh-now').click();
  await expect(shortLived).toHaveCount(0);
  await env.actor.send({ op: 'close', id: 'L' });
});
