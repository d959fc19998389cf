// What a TCPView user does with the table: the context menu, filters, columns, settings kept
// across a reload, Save as, and the keys. Debian's Chromium against `sockscope serve`, real sockets.
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { TcpRow } from '../../main/common/types';
import { cellOf, filterGrid, rowWhere, tooltipOf, waitForTable } from '../support/grid';
import { failOnPageProblems } from '../support/page-problems';
import { ServeProcess } from '../support/serve-process';
import { SocketActor } from '../support/socket-actor';

const SHOTS = path.join(__dirname, '..', 'screenshots');
fs.mkdirSync(SHOTS, { recursive: true });

let serve: ServeProcess;
let actor: SocketActor;
let port: number;
let clientPort: number;

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

test.beforeAll(async () => {
  expect(process.env.SOCKSCOPE_NETNS, 'e2e runs in a private network namespace').toBe('1');
  serve = await ServeProcess.start(['--port', '0', '--interval', '500']);
  actor = new SocketActor(240);
  port = (await actor.send({ op: 'listen', id: 'L', host: '127.0.0.1' })).port!;
  clientPort = (await actor.send({ op: 'connect', id: 'C', host: '127.0.0.1', port })).localPort!;
});

test.afterAll(async () => {
  actor?.stop();
  expect(await serve?.stop()).toBe(0);
});

failOnPageProblems(test);

const clipboard = (page: Page) => page.evaluate(() => navigator.clipboard.readText());

/** The page, fresh: settings from earlier tests cleared. */
async function openFresh(page: Page): Promise<void> {
  await page.goto(serve.url.href);
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await expect(page.getByTestId('source-label')).toContainText(/netlink|proc/);
  await waitForTable(page);
}

test('the context menu copies rows as TCPView does, the remote endpoint and the executable path', async ({ page }) => {
  await openFresh(page);
  await filterGrid(page, String(port));
  const client = rowWhere(page, { localPort: clientPort });
  await expect(client).toHaveCount(1);
  await cellOf(client, 'remoteAddress').click({ button: 'right' });
  const menu = page.getByTestId('context-menu');
  await expect(menu).toBeVisible();
  await page.screenshot({ path: path.join(SHOTS, 'act-1-context-menu.png') });

  await page.getByTestId('menu-copy').click();
  const [header, line, ...rest] = (await clipboard(page)).split('\n');
  expect(rest).toEqual([]);
  expect(header.split('\t').slice(0, 4)).toEqual(['Process', 'PID', 'User', 'Protocol']);
  const cells = line.split('\t');
  expect(cells).toContain(String(actor.pid));
  expect(cells).toContain(String(clientPort));
  expect(cells).toContain('ESTABLISHED');
  await expect(page.getByTestId('notice')).toHaveText(/Copied 1 row/);

  await cellOf(client, 'remoteAddress').click({ button: 'right' });
  await page.getByTestId('menu-copy-remote').click();
  await expect.poll(() => clipboard(page)).toBe(`127.0.0.1:${port}`);

  await cellOf(client, 'remoteAddress').click({ button: 'right' });
  await page.getByTestId('menu-copy-exe').click();
  await expect.poll(() => clipboard(page)).toBe(fs.realpathSync(process.execPath));

  // Several rows: Ctrl+click adds one, Copy takes both with one header.
  await filterGrid(page, '');
  await filterGrid(page, `127.0.0.1:${port}`);
  const listener = rowWhere(page, { localPort: port, state: 'LISTEN' });
  await cellOf(listener, 'state').click();
  await cellOf(client, 'state').click({ modifiers: ['Control'] });
  await cellOf(client, 'state').click({ button: 'right' });
  await expect(page.getByTestId('menu-copy')).toHaveText(/Copy 2 rows/);
  await page.getByTestId('menu-copy').click();
  await expect.poll(async () => (await clipboard(page)).split('\n').length).toBe(3);
});

test('filters from a row, the status bar and the Filters menu combine with the quick filter, and the bar says showing N of M', async ({
  page,
}) => {
  await openFresh(page);
  await expect(page.getByTestId('total-count')).toHaveText(/^\d+ total$/);
  // Earlier specs' TIME_WAIT rows in this namespace could push the rows under test out of view.
  await page.getByTestId('filters-button').click();
  await page.getByTestId('filter-hide-time-wait').click();
  await page.keyboard.press('Escape');
  const listener = rowWhere(page, { localPort: port, state: 'LISTEN' });
  await expect(listener).toHaveCount(1);

  // Show only this process (the web shell's own listener is another process's).
  const shell = rowWhere(page, { localPort: Number(serve.url.port), state: 'LISTEN' });
  await expect(shell).toHaveCount(1);
  await cellOf(listener, 'process').click({ button: 'right' });
  await page.getByTestId('menu-only-process').click();
  await expect(shell).toHaveCount(0);
  await expect(page.getByTestId('chip-process')).toContainText(String(actor.pid));
  await expect(page.getByTestId('total-count')).toHaveText(/^showing \d+ of \d+$/);

  // A state from the status bar: only LISTEN, then the quick filter on top.
  await page.getByTestId('state-count-LISTEN').click();
  await expect(page.getByTestId('chip-states')).toHaveText(/LISTEN/);
  await expect(rowWhere(page, { localPort: clientPort })).toHaveCount(0);
  await expect(listener).toHaveCount(1);
  await filterGrid(page, `!${port}`);
  await expect(listener).toHaveCount(0);
  await filterGrid(page, '');

  // Hide listeners from the menu: nothing of this process's LISTEN rows is left.
  await page.getByTestId('filters-button').click();
  await page.getByTestId('filter-hide-listeners').click();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('connection-grid')).toContainText('No connections match the filter');
  await expect(page.getByTestId('total-count')).toHaveText(/^showing 0 of \d+$/);
  await page.screenshot({ path: path.join(SHOTS, 'act-2-filters.png') });

  // Remove filters one by one from their chips, then the rest at once.
  await page.getByTestId('chip-states').getByRole('button').click();
  await page.getByTestId('chip-listeners').getByRole('button').click();
  await expect(rowWhere(page, { localPort: clientPort })).toHaveCount(1);
  await page.getByTestId('filters-button').click();
  await page.getByTestId('filter-family-ipv6').click();
  await page.keyboard.press('Escape');
  await expect(rowWhere(page, { localPort: clientPort })).toHaveCount(0);
  await page.getByTestId('filter-bar-clear').click();
  await expect(page.getByTestId('filter-bar')).toHaveCount(0);
  await filterGrid(page, serve.url.port);
  await expect(shell).toHaveCount(1);

  // Show only this remote host: the client's remote is 127.0.0.1; the listener's 0.0.0.0 leaves.
  await filterGrid(page, `127.0.0.1:${port}`);
  await expect(listener).toHaveCount(1);
  await cellOf(rowWhere(page, { localPort: clientPort }), 'remoteAddress').click({ button: 'right' });
  await page.getByTestId('menu-only-remote').click();
  await expect(page.getByTestId('chip-remote')).toHaveText(/127\.0\.0\.1/);
  await expect(listener).toHaveCount(0);
  await expect(rowWhere(page, { localPort: clientPort })).toHaveCount(1);
});

test('the quick filter matches addr:port and what the columns show, not the Last transition text', async ({ page }) => {
  await openFresh(page);
  await filterGrid(page, `127.0.0.1:${port}`);
  await expect(rowWhere(page, { localPort: port, state: 'LISTEN' })).toHaveCount(1);
  await expect(rowWhere(page, { localPort: clientPort })).toHaveCount(1); // its remote end
  // A half-close gives the server side "ESTABLISHED → CLOSE_WAIT" as its last transition.
  const { localPort: other } = await actor.send({ op: 'connect', id: 'Q', host: '127.0.0.1', port });
  await actor.send({ op: 'end', id: 'Q' });
  await filterGrid(page, String(other));
  await expect(rowWhere(page, { localPort: port, state: 'CLOSE_WAIT' })).toHaveCount(1);
  await filterGrid(page, `${other} ESTABLISHED`);
  await expect(rowWhere(page, { localPort: port, state: 'CLOSE_WAIT' })).toHaveCount(0);
  await actor.send({ op: 'destroy', id: 'Q' });
});

test('the column chooser hides, shows and moves columns; layout, sort, filters, theme and panel width survive a reload; Reset layout', async ({
  page,
}) => {
  await openFresh(page);
  const headers = () => page.locator('.ag-header-cell').evaluateAll((cells) => cells.map((c) => c.getAttribute('col-id')));
  // Linux fills no offload state, module or creation time: those start hidden.
  expect(await headers()).not.toContain('offloadState');
  await page.getByTestId('view-button').click();
  await page.getByTestId('view-columns').click();
  const chooser = page.getByTestId('column-chooser');
  await expect(chooser).toBeVisible();
  await page.screenshot({ path: path.join(SHOTS, 'act-3-columns.png') });
  await chooser.getByTestId('column-user').getByRole('checkbox').uncheck();
  await chooser.getByTestId('column-state').getByRole('button', { name: /up/ }).click();
  await chooser.getByRole('button', { name: 'Done' }).click();
  await expect.poll(headers).not.toContain('user');
  const order = await headers();
  expect(order.indexOf('state')).toBeLessThan(order.indexOf('remotePort'));

  await page.locator('.ag-header-cell[col-id="localPort"]').click(); // sort by local port
  await page.getByTestId('filters-button').click();
  await page.getByTestId('filter-hide-loopback').click();
  await page.keyboard.press('Escape');
  await page.getByTestId('view-button').click();
  await page.getByTestId('theme-light').click();
  await page.getByTestId('resolve-toggle').click();
  await expect(page.getByTestId('resolve-toggle')).not.toBeChecked();
  await page.waitForTimeout(500); // settings are saved a moment after the last change

  await page.reload();
  await expect(page.getByTestId('source-label')).toContainText(/netlink|proc/);
  expect(await headers()).not.toContain('user');
  // Resolve addresses went off before the reload: the host columns go with it, the rest keep their order.
  expect(await headers()).toEqual(order.filter((id) => id !== 'localHost' && id !== 'remoteHost'));
  await expect(page.locator('.ag-header-cell[col-id="localPort"]')).toHaveAttribute('aria-sort', 'ascending');
  await expect(page.getByTestId('chip-loopback')).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await expect(page.getByTestId('resolve-toggle')).not.toBeChecked();
  await page.getByTestId('resolve-toggle').click();
  await expect(page.getByTestId('resolve-toggle')).toBeChecked();

  await page.getByTestId('view-button').click();
  await page.getByTestId('view-reset-layout').click();
  await expect.poll(headers).toContain('user');
  expect(await headers()).not.toContain('offloadState');
  await page.getByTestId('filter-bar-clear').click();
});

test('a stored setting that no longer parses is dropped with a warning, never a blank window', async ({ page }) => {
  await page.goto(serve.url.href);
  await page.evaluate(() =>
    localStorage.setItem('sockscope.settings.v1', JSON.stringify({ theme: 'neon', panelWidth: 'wide', filter: 3 })),
  );
  const warnings: string[] = [];
  page.on('console', (msg) => msg.type() === 'warning' && warnings.push(msg.text()));
  await page.reload();
  await filterGrid(page, String(port));
  await expect(rowWhere(page, { localPort: port, state: 'LISTEN' })).toHaveCount(1);
  expect(warnings.join('\n')).toMatch(/stored settings dropped because they no longer parse: filter, panelWidth, theme/);
});

test('Save as CSV and JSON: the downloaded files hold the rows shown', async ({ page }) => {
  await openFresh(page);
  const saved = (await actor.send({ op: 'listen', id: 'S', host: '127.0.0.1' })).port!;
  const savedClient = (await actor.send({ op: 'connect', id: 'S1', host: '127.0.0.1', port: saved })).localPort!;
  await filterGrid(page, String(saved));
  await expect(rowWhere(page, { localPort: savedClient })).toHaveCount(1);
  // The listener, the client and the server's end of it.
  await expect(page.getByTestId('total-count')).toHaveText(/^showing 3 of \d+$/);

  await page.getByTestId('export-button').click();
  const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  expect(csvDownload.suggestedFilename()).toMatch(/^sockscope-\d{4}-\d\d-\d\d-\d{6}\.csv$/);
  const csv = fs
    .readFileSync(await csvDownload.path(), 'utf8')
    .trim()
    .split('\n');
  // As `list --csv` writes cells (RFC 4180: quoted only where needed); these hold no comma.
  expect(csv[0]).toMatch(/^Process,PID,/);
  expect(csv).toHaveLength(4);
  const cells = csv.map((line) => line.split(','));
  expect(cells.some((line) => line.includes(String(savedClient)) && line.includes('ESTABLISHED'))).toBe(true);

  await page.getByTestId('export-button').click();
  const [jsonDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
  const rows = JSON.parse(fs.readFileSync(await jsonDownload.path(), 'utf8')) as TcpRow[];
  expect(rows.map((r) => r.localPort).sort()).toEqual([savedClient, saved, saved].sort());
  expect(rows.find((r) => r.localPort === savedClient)).toMatchObject({
    family: 'ipv4',
    remotePort: saved,
    state: 'ESTABLISHED',
    pid: actor.pid,
  });
});

test('the keys: Ctrl+F, Space, F5, Ctrl+C, Enter, Esc, arrows and ?', async ({ page }) => {
  await openFresh(page);
  await filterGrid(page, String(port));
  const listener = rowWhere(page, { localPort: port, state: 'LISTEN' });
  await cellOf(listener, 'state').click();

  // Space pauses and resumes (the grid has the focus).
  await page.keyboard.press('Space');
  await expect(page.getByTestId('paused-badge')).toBeVisible();
  // F5 refreshes while paused: a new connection shows, and it stays paused.
  const { localPort } = await actor.send({ op: 'connect', id: 'K', host: '127.0.0.1', port });
  await filterGrid(page, `${port}`);
  await cellOf(listener, 'state').click();
  await page.waitForTimeout(1200);
  await expect(rowWhere(page, { localPort: localPort! })).toHaveCount(0);
  await page.keyboard.press('F5');
  await expect(rowWhere(page, { localPort: localPort! })).toHaveCount(1);
  await expect(page.getByTestId('paused-badge')).toBeVisible();
  await page.keyboard.press('Control+r'); // refresh, not a page reload
  await expect(page.getByTestId('paused-badge')).toBeVisible();
  await cellOf(listener, 'state').click();
  await page.keyboard.press('Space');
  await expect(page.getByTestId('paused-badge')).toHaveCount(0);

  // Arrows move, Ctrl+C copies the selected row.
  await cellOf(listener, 'state').click();
  await page.keyboard.press('Control+c');
  await expect.poll(async () => (await clipboard(page)).split('\n')[1]).toContain('LISTEN');
  await page.keyboard.press('ArrowDown');
  await expect(page.locator('.ag-cell-focus')).not.toHaveText('LISTEN');

  // Enter opens the drill-down; Esc closes it.
  await cellOf(listener, 'state').click();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('process-panel')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('process-panel')).toHaveCount(0);

  // Ctrl+F goes to the filter; ? lists the keys and Esc closes the list.
  await page.keyboard.press('Control+f');
  await expect(page.getByTestId('quick-filter')).toBeFocused();
  await cellOf(listener, 'state').click();
  await page.keyboard.press('?');
  await expect(page.getByTestId('shortcuts-help')).toBeVisible();
  await expect(page.getByTestId('shortcuts-help')).toContainText('Refresh now');
  await page.screenshot({ path: path.join(SHOTS, 'act-4-shortcuts.png') });
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('shortcuts-help')).toHaveCount(0);
  await actor.send({ op: 'destroy', id: 'K' });
});

test('a TIME_WAIT row shows the owner it had, greyed, with a tooltip saying so', async ({ page }) => {
  await openFresh(page);
  const { localPort } = await actor.send({ op: 'connect', id: 'T', host: '127.0.0.1', port });
  await filterGrid(page, String(localPort));
  const row = rowWhere(page, { localPort: localPort!, remotePort: port });
  await expect(cellOf(row, 'pid')).toHaveText(String(actor.pid));
  // Client closes first, then the server: the client end lingers in TIME_WAIT, owned by no process.
  await actor.send({ op: 'end', id: 'T' });
  await actor.send({ op: 'end', id: `L:${localPort}` });
  await expect(cellOf(row, 'state')).toHaveText('TIME_WAIT');
  await expect(cellOf(row, 'pid')).toHaveText(String(actor.pid));
  await expect(cellOf(row, 'process')).toHaveClass(/cell-owner-past/);
  await expect(await tooltipOf(page, cellOf(row, 'process'))).toHaveText(
    `Owned by node (${actor.pid}) until it let go (TIME_WAIT)`,
  );
});
