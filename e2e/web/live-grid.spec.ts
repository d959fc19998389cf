// The web shell in real Chromium against `sockscope serve`, in a private network namespace.
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { tryForeignConnection } from '../support/csp';
import { cellOf, filterGrid, rowWhere, waitForTable } from '../support/grid';
import { failOnPageProblems } from '../support/page-problems';
import { ServeProcess } from '../support/serve-process';
import { SocketActor } from '../support/socket-actor';

const SHOTS = path.join(__dirname, '..', 'screenshots');
fs.mkdirSync(SHOTS, { recursive: true });

let serve: ServeProcess;
let actor: SocketActor;

test.beforeAll(async () => {
  expect(process.env.SOCKSCOPE_NETNS, 'e2e runs in a private network namespace').toBe('1');
  serve = await ServeProcess.start(['--port', '0', '--interval', '1000']);
  actor = new SocketActor(180);
});

test.afterAll(async () => {
  actor?.stop();
  expect(await serve?.stop()).toBe(0);
});

failOnPageProblems(test);

test('without the token there is no UI and no data', async ({ page }) => {
  const res = await page.goto(serve.origin);
  expect(res?.status()).toBe(401);
  await expect(page.locator('body')).toContainText('needs its access token');
  await expect(page.getByTestId('connection-grid')).toHaveCount(0);
});

test('the token leaves the address bar: the printed URL lands on / with the data, and Back does not return to it', async ({
  page,
}) => {
  await page.goto('about:blank');
  const landed = await page.goto(serve.url.href);
  expect((await landed!.request().redirectedFrom()!.response())!.status()).toBe(303);
  await expect(page.getByTestId('source-label')).toContainText(/netlink|proc/); // the WebSocket came up by cookie
  const href = await page.evaluate(() => location.href);
  expect(href).toBe(`${serve.origin}/`);
  expect(href).not.toContain(serve.token);
  // The session history holds about:blank and /, never the address with the token.
  await page.goBack();
  expect(page.url()).toBe('about:blank');
  // The cookie is invisible to the page's scripts (HttpOnly).
  await page.goForward();
  expect(await page.evaluate(() => document.cookie)).toBe('');
});

test('the page may talk to its own server only (CSP)', async ({ page }) => {
  await page.goto(serve.url.href);
  await expect(page.getByTestId('source-label')).toContainText(/netlink|proc/);
  const violated = await tryForeignConnection(page);
  expect(violated).toMatch(/connect-src|threw SecurityError/);
});

test('a new socket appears green with its process, a state change turns it yellow, closing turns it red and it leaves', async ({
  page,
}) => {
  await page.goto(serve.url.href);
  await expect(page.getByTestId('source-label')).toContainText(/netlink|proc/);
  await waitForTable(page); // a listener in the snapshot would not be green

  const { port } = await actor.send({ op: 'listen', id: 'L', host: '127.0.0.1' });
  await filterGrid(page, String(port));
  const listener = rowWhere(page, { localPort: port!, state: 'LISTEN' });
  await expect(listener).toHaveClass(/row-new/);
  await expect(cellOf(listener, 'state')).toHaveText('LISTEN');
  await expect(cellOf(listener, 'process')).toHaveText('node');
  await expect(cellOf(listener, 'pid')).toHaveText(String(actor.pid));
  await page.screenshot({ path: path.join(SHOTS, '1-new-listener.png') });
  // The green fades after about two refreshes.
  await expect(listener).not.toHaveClass(/row-new/, { timeout: 6_000 });

  // A client and its accepted side: then a half-close moves the server side to CLOSE_WAIT.
  const { localPort } = await actor.send({ op: 'connect', id: 'C', host: '127.0.0.1', port });
  const serverSide = rowWhere(page, { localPort: port!, remotePort: localPort! });
  await expect(serverSide).toHaveClass(/row-new/);
  await expect(cellOf(serverSide, 'state')).toHaveText('ESTABLISHED');
  await expect(serverSide).not.toHaveClass(/row-new/, { timeout: 6_000 });
  await actor.send({ op: 'end', id: 'C' });
  await expect(serverSide).toHaveClass(/row-changed/);
  await expect(cellOf(serverSide, 'state')).toHaveText('CLOSE_WAIT');
  await expect(cellOf(serverSide, 'lastTransition')).toContainText('ESTABLISHED → CLOSE_WAIT');
  await page.screenshot({ path: path.join(SHOTS, '2-state-change.png') });

  // Closing the listener: red, then gone.
  await actor.send({ op: 'close', id: 'L' });
  await expect(listener).toHaveClass(/row-closed/);
  await page.screenshot({ path: path.join(SHOTS, '3-closed.png') });
  await expect(listener).toHaveCount(0, { timeout: 8_000 });
});

test('pause freezes this tab only (another follows on), refresh now reads the table once while staying paused, and resume catches up', async ({
  page,
  context,
}) => {
  await page.goto(serve.url.href);
  await expect(page.getByTestId('last-refresh')).not.toBeEmpty();
  await page.getByTestId('pause-toggle').click();
  await expect(page.getByTestId('paused-badge')).toBeVisible();
  const lastRefresh = await page.getByTestId('last-refresh').textContent();

  const { port } = await actor.send({ op: 'listen', id: 'P', host: '::1' });
  // The monitor goes on polling (and recording): another tab sees the listener while this one is frozen.
  const other = await context.newPage();
  await other.goto(serve.url.href);
  await filterGrid(other, String(port));
  await expect(rowWhere(other, { localPort: port!, state: 'LISTEN' })).toHaveCount(1);
  await expect(other.getByTestId('paused-badge')).toHaveCount(0);
  await other.close();
  await filterGrid(page, String(port));
  await page.waitForTimeout(2_500); // two and a half intervals: nothing may arrive
  await expect(rowWhere(page, { localPort: port!, state: 'LISTEN' })).toHaveCount(0);
  await expect(page.getByTestId('last-refresh')).toHaveText(lastRefresh ?? '');

  // Refresh now (the "poll now" request): the listener shows, and the view stays paused.
  await page.getByTestId('refresh-now').click();
  const row = rowWhere(page, { localPort: port!, state: 'LISTEN' });
  await expect(row).toHaveCount(1);
  await expect(cellOf(row, 'protocol')).toHaveText('TCPv6');
  await expect(cellOf(row, 'localAddress')).toHaveText('::1');
  await expect(page.getByTestId('paused-badge')).toBeVisible();
  const { port: later } = await actor.send({ op: 'listen', id: 'P2', host: '127.0.0.1' });
  await filterGrid(page, String(later));
  await page.waitForTimeout(2_500);
  await expect(rowWhere(page, { localPort: later!, state: 'LISTEN' })).toHaveCount(0);

  await page.getByTestId('pause-toggle').click();
  await expect(page.getByTestId('paused-badge')).toHaveCount(0);
  await expect(rowWhere(page, { localPort: later!, state: 'LISTEN' })).toHaveCount(1);
  await actor.send({ op: 'close', id: 'P' });
  await actor.send({ op: 'close', id: 'P2' });
});

test('a reload resyncs from a snapshot and keeps following events', async ({ page }) => {
  const { port } = await actor.send({ op: 'listen', id: 'R', host: '127.0.0.1' });
  await page.goto(serve.url.href);
  await filterGrid(page, String(port));
  await expect(rowWhere(page, { localPort: port!, state: 'LISTEN' })).toHaveCount(1);

  await page.reload();
  await filterGrid(page, String(port));
  const listener = rowWhere(page, { localPort: port!, state: 'LISTEN' });
  await expect(listener).toHaveCount(1);
  // Rows from the snapshot are the starting table: not highlighted as new.
  await expect(listener).not.toHaveClass(/row-new/);

  const { localPort } = await actor.send({ op: 'connect', id: 'R1', host: '127.0.0.1', port });
  await expect(rowWhere(page, { localPort: localPort! })).toHaveClass(/row-new/);
  await filterGrid(page, 'no-such-process-anywhere');
  await expect(page.getByTestId('connection-grid')).toContainText('No connections match the filter');
  await filterGrid(page, '');
  await expect(page.getByTestId('state-counts')).toContainText('LISTEN');
  await page.screenshot({ path: path.join(SHOTS, '4-after-reload.png') });
  await actor.send({ op: 'close', id: 'R' });
});

test('the process drill-down shows the owner and what it just did', async ({ page }) => {
  const { port } = await actor.send({ op: 'listen', id: 'D', host: '127.0.0.1' });
  await page.goto(serve.url.href);
  await filterGrid(page, String(port));
  const row = rowWhere(page, { localPort: port!, state: 'LISTEN' });
  await expect(row).toHaveCount(1);
  await actor.send({ op: 'connect', id: 'D1', host: '127.0.0.1', port });
  await row.dblclick();
  const panel = page.getByTestId('process-panel');
  await expect(panel).toBeVisible();
  await expect(page.getByTestId('process-title')).toContainText(String(actor.pid));
  await expect(page.getByTestId('process-details')).toContainText('socket-actor-child.mjs');
  await expect(page.getByTestId('process-history')).toContainText('opened', { timeout: 8_000 });
  await filterGrid(page, '');
  await page.screenshot({ path: path.join(SHOTS, '5-process-drilldown.png') });

  // "Show only these in the table": the web shell's own listener (another process) leaves,
  // and every row left is this process's, its listener among them. Listeners only, so that
  // earlier specs' TIME_WAIT rows cannot push them out of view.
  await filterGrid(page, 'LISTEN');
  const shellListener = rowWhere(page, { localPort: Number(serve.url.port), state: 'LISTEN' });
  await expect(shellListener).toHaveCount(1);
  await page.getByTestId('only-this-process').check();
  await expect(shellListener).toHaveCount(0);
  await expect(rowWhere(page, { localPort: port!, state: 'LISTEN' })).toHaveCount(1);
  const pidsShown = async () => new Set((await page.locator('.ag-row [col-id="pid"]').allTextContents()).map((p) => p.trim()));
  await expect.poll(pidsShown).toEqual(new Set([String(actor.pid)]));
  await page.getByTestId('only-this-process').uncheck();
  await actor.send({ op: 'close', id: 'D' });
});
