// Closing a connection and ending a process from the UI, for real: the kernel aborts the
// connection (the peer sees the reset, ss no longer lists it), the process goes. And a
// read-only web shell says why it will not.
import { spawn } from 'node:child_process';
import readline from 'node:readline';
import { expect, test, type Page } from '@playwright/test';
import { openConnection, ssLists } from '../support/actor-connection';
import { cellOf, filterGrid, rowWhere } from '../support/grid';
import { failOnPageProblems } from '../support/page-problems';
import { ServeProcess } from '../support/serve-process';
import { SocketActor } from '../support/socket-actor';

failOnPageProblems(test);

let actor: SocketActor;
test.beforeAll(() => {
  expect(process.env.SOCKSCOPE_NETNS, 'e2e runs in a private network namespace').toBe('1');
  actor = new SocketActor(180);
});
test.afterAll(() => actor?.stop());

async function rowOf(page: Page, localPort: number, remotePort: number) {
  await filterGrid(page, String(localPort));
  const row = rowWhere(page, { localPort, remotePort });
  await expect(row).toHaveCount(1);
  return row;
}

test.describe('with --allow-actions', () => {
  let serve: ServeProcess;
  test.beforeAll(async () => {
    serve = await ServeProcess.start(['--port', '0', '--interval', '500', '--allow-actions']);
  });
  test.afterAll(async () => expect(await serve.stop()).toBe(0));

  for (const host of ['127.0.0.1', '::1']) {
    test(`closing a connection (${host}) asks first, naming both ends and the process; the peer is reset, the row turns red and leaves`, async ({
      page,
    }) => {
      const c = await openConnection(actor, host);
      await page.goto(serve.url.href);
      const row = await rowOf(page, c.localPort, c.port);
      await cellOf(row, 'state').click({ button: 'right' });
      await page.getByTestId('menu-close').click();
      const dialog = page.getByTestId('confirm-close');
      await expect(page.getByTestId('confirm-close-endpoints')).toHaveText(`${c.local} → ${c.remote}`);
      await expect(dialog).toContainText(`Owned by node (PID ${actor.pid})`);
      await page.getByTestId('confirm-close-yes').click();
      await expect(row).toHaveClass(/row-closed/);
      await expect(page.getByTestId('notice')).toContainText(`Closed ${c.local} → ${c.remote} (node (PID ${actor.pid}))`);
      const { ended } = await actor.send({ op: 'wait-end', id: c.peerId });
      expect(ended).toBe('ECONNRESET');
      expect(ssLists(c)).toBe(false);
      await expect(row).toHaveCount(0, { timeout: 8_000 });
    });
  }

  test('Delete asks to close the selected connection; Cancel leaves it open', async ({ page }) => {
    const c = await openConnection(actor, '127.0.0.1');
    await page.goto(serve.url.href);
    const row = await rowOf(page, c.localPort, c.port);
    await cellOf(row, 'state').click();
    await page.keyboard.press('Delete');
    await expect(page.getByTestId('confirm-close')).toBeVisible();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByTestId('confirm-close')).toHaveCount(0);
    await page.waitForTimeout(1200);
    expect(ssLists(c)).toBe(true);
    await expect(row).not.toHaveClass(/row-closed/);
  });

  test('ending a process that ignores SIGTERM: asked first with its executable, then offered SIGKILL, then gone', async ({
    page,
  }) => {
    const stubborn = spawn(process.execPath, [
      '-e',
      "process.on('SIGTERM', () => {}); const s = require('net').createServer(); s.listen(0, '127.0.0.1', () => process.stdout.write(s.address().port + '\\n')); setTimeout(() => {}, 60000)",
    ]);
    const port = Number(
      await new Promise<string>((resolve) => readline.createInterface({ input: stubborn.stdout }).once('line', resolve)),
    );
    try {
      await page.goto(serve.url.href);
      const row = await rowOf(page, port, 0);
      await expect(cellOf(row, 'pid')).toHaveText(String(stubborn.pid));
      await cellOf(row, 'state').click({ button: 'right' });
      await page.getByTestId('menu-end-process').click();
      const dialog = page.getByTestId('confirm-end');
      await expect(dialog).toContainText(String(stubborn.pid));
      await expect(page.getByTestId('confirm-end-exe')).toHaveText(process.execPath);
      await page.getByTestId('confirm-end-yes').click();
      await expect(page.getByTestId('still-running')).toBeVisible({ timeout: 8_000 });
      expect(stubborn.exitCode).toBeNull();
      await page.getByTestId('confirm-end-yes').click();
      await expect(page.getByTestId('notice')).toContainText(`Ended node (PID ${stubborn.pid})`);
      await expect.poll(() => stubborn.signalCode).toBe('SIGKILL');
      await expect(row).toHaveCount(0, { timeout: 8_000 });
    } finally {
      stubborn.kill('SIGKILL');
    }
  });

  test('Sockscope will not end itself, and says why', async ({ page }) => {
    await page.goto(serve.url.href);
    const row = rowWhere(page, { localPort: Number(serve.url.port), state: 'LISTEN' });
    await filterGrid(page, serve.url.port);
    await cellOf(row, 'state').click({ button: 'right' });
    await page.getByTestId('menu-end-process').click();
    await page.getByTestId('confirm-end-yes').click();
    await expect(page.getByTestId('action-error')).toContainText(`Could not end node (PID ${serve.pid})`);
    await expect(page.getByTestId('action-error')).toContainText('Sockscope');
  });
});

test('a read-only web shell disables the actions and says how to allow them', async ({ page }) => {
  const serve = await ServeProcess.start(['--port', '0', '--interval', '500']);
  try {
    const c = await openConnection(actor, '127.0.0.1');
    await page.goto(serve.url.href);
    const row = await rowOf(page, c.localPort, c.port);
    await cellOf(row, 'state').click({ button: 'right' });
    const close = page.getByTestId('menu-close');
    await expect(close).toHaveAttribute('aria-disabled', 'true');
    await expect(close).toContainText("start it with 'sockscope serve --allow-actions'");
    await expect(page.getByTestId('menu-end-process')).toHaveAttribute('aria-disabled', 'true');
    await page.keyboard.press('Escape');
    await cellOf(row, 'state').click();
    await page.keyboard.press('Delete');
    await expect(page.getByTestId('action-error')).toContainText('read-only');
    expect(ssLists(c)).toBe(true);
  } finally {
    await serve.stop();
  }
});
