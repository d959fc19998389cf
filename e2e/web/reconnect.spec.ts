// A page whose server went away: it reconnects when the server comes back, and says what to do
// when the server came back with a new access token.
import { expect, test } from '@playwright/test';
import { failOnPageProblems } from '../support/page-problems';
import { ServeProcess } from '../support/serve-process';

failOnPageProblems(test);

test('a server restarted with a new token: the page says so, and what to do, instead of reconnecting forever', async ({
  page,
}) => {
  const first = await ServeProcess.start(['--port', '0']);
  const port = first.url.port;
  await page.goto(first.url.href);
  await expect(page.getByTestId('source-label')).toContainText(/netlink|proc/);
  await first.stop();
  await expect(page.getByTestId('connection-banner')).toContainText('reconnecting');
  const second = await ServeProcess.start(['--port', port]);
  try {
    expect(second.token).not.toBe(first.token);
    const banner = page.getByTestId('connection-banner');
    await expect(banner).toContainText('no longer accepts this page', { timeout: 15_000 });
    await expect(banner).toContainText("Open the URL it printed (the 'Sockscope UI:' line)");
    await expect(banner).toHaveAttribute('role', 'alert');
    // Opened with its new URL, the page works again.
    await page.goto(second.url.href);
    await expect(page.getByTestId('connection-banner')).toHaveCount(0);
    await expect(page.getByTestId('source-label')).toContainText(/netlink|proc/);
  } finally {
    await second.stop();
  }
});
