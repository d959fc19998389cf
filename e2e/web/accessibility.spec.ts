// axe-core on every view a user can reach, in both themes: 0 violations.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { cellOf, filterGrid, rowWhere } from '../support/grid';
import { failOnPageProblems } from '../support/page-problems';
import { ServeProcess } from '../support/serve-process';
import { SocketActor } from '../support/socket-actor';

failOnPageProblems(test);

let serve: ServeProcess;
let actor: SocketActor;
let port: number;

test.beforeAll(async () => {
  expect(process.env.SOCKSCOPE_NETNS, 'e2e runs in a private network namespace').toBe('1');
  serve = await ServeProcess.start(['--port', '0', '--interval', '1000', '--allow-actions']);
  // Both themes share this actor: on a loaded 2-core machine the two tests together outlast 180 s.
  actor = new SocketActor(420);
  port = (await actor.send({ op: 'listen', id: 'L', host: '127.0.0.1' })).port!;
  await actor.send({ op: 'connect', id: 'C', host: '127.0.0.1', port });
});
test.afterAll(async () => {
  actor?.stop();
  await serve?.stop();
});

/** The violations axe finds on the page as it is, one line each. */
async function violations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations.flatMap((v) =>
    v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')} — ${n.failureSummary?.split('\n')[1]?.trim() ?? ''}`),
  );
}

for (const theme of ['dark', 'light'] as const) {
  test(`no axe violations in the ${theme} theme: main view, drill-down, every menu and dialog`, async ({ page }) => {
    // Fifteen axe runs over the full page take most of a minute on a loaded 2-core CI machine.
    test.setTimeout(180_000);
    await page.emulateMedia({ colorScheme: theme });
    await page.goto(serve.url.href);
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    const listener = rowWhere(page, { localPort: port, state: 'LISTEN' });
    await expect(listener).toHaveCount(1);
    // Highlights fade after two refreshes: what is checked is the table as it rests, then a fresh row.
    await page.waitForTimeout(2500);
    expect(await violations(page), 'main view').toEqual([]);

    const opened = await actor.send({ op: 'connect', id: `N${theme}`, host: '127.0.0.1', port });
    await expect(rowWhere(page, { localPort: opened.localPort! })).toHaveClass(/row-new/);
    expect(await violations(page), 'a new (green) row').toEqual([]);

    await filterGrid(page, String(port));
    await cellOf(listener, 'state').click({ button: 'right' });
    await expect(page.getByTestId('context-menu')).toBeVisible();
    expect(await violations(page), 'context menu').toEqual([]);
    await page.getByTestId('menu-close').click();
    await expect(page.getByTestId('confirm-close')).toBeVisible();
    expect(await violations(page), 'close dialog').toEqual([]);
    await page.keyboard.press('Escape');

    await cellOf(listener, 'state').click({ button: 'right' });
    await page.getByTestId('menu-end-process').click();
    await expect(page.getByTestId('confirm-end')).toBeVisible();
    expect(await violations(page), 'end process dialog').toEqual([]);
    await page.keyboard.press('Escape');

    for (const [button, menu] of [
      ['filters-button', 'filters-menu'],
      ['export-button', 'export-menu'],
      ['view-button', 'view-menu'],
    ]) {
      await page.getByTestId(button).click();
      await expect(page.getByTestId(menu)).toBeVisible();
      expect(await violations(page), menu).toEqual([]);
      await page.keyboard.press('Escape');
    }
    await page.getByTestId('view-button').click();
    await page.getByTestId('view-columns').click();
    await expect(page.getByTestId('column-chooser')).toBeVisible();
    expect(await violations(page), 'column chooser').toEqual([]);
    await page.keyboard.press('Escape');
    await page.getByTestId('view-button').click();
    await page.getByTestId('view-history').click();
    await expect(page.getByTestId('history-events')).toBeVisible();
    expect(await violations(page), 'history').toEqual([]);
    await page.keyboard.press('Escape');
    await cellOf(listener, 'state').click();
    await page.keyboard.press('?');
    await expect(page.getByTestId('shortcuts-help')).toBeVisible();
    expect(await violations(page), 'shortcuts').toEqual([]);
    await page.keyboard.press('Escape');

    await page.getByTestId('filters-button').click();
    await page.getByTestId('filter-hide-loopback').click();
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('filter-bar')).toBeVisible();
    await page.getByTestId('filter-bar-clear').click();

    await listener.dblclick();
    await expect(page.getByTestId('process-history')).toBeVisible();
    expect(await violations(page), 'drill-down').toEqual([]);
  });
}

test('Tab leaves the grid instead of walking its headers, and the focused cell is clearly marked', async ({ page }) => {
  await page.goto(serve.url.href);
  await expect(rowWhere(page, { localPort: port, state: 'LISTEN' })).toHaveCount(1);
  await page.locator('.ag-header-cell[col-id="process"]').focus();
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => document.activeElement?.closest('.ag-root-wrapper') !== null);
  expect(focused, 'one Tab from a header leaves the grid').toBe(false);
  await cellOf(rowWhere(page, { localPort: port, state: 'LISTEN' }), 'state').click();
  const outline = await page.locator('.ag-cell-focus').evaluate((cell) => getComputedStyle(cell).outlineWidth);
  expect(parseFloat(outline)).toBeGreaterThanOrEqual(2);
  await expect(
    page.getByRole('treegrid', { name: 'TCP connections' }).or(page.getByRole('grid', { name: 'TCP connections' })),
  ).toHaveCount(1);
});
