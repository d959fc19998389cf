// Time travel: the timeline strip picks a moment, the grid shows the table as it was then (from
// the recorded history), and Back to Live returns to the live table.
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { filterGrid, rowWhere } from '../support/grid';
import { serveAndActor } from '../support/serve-and-actor';

const env = serveAndActor(test, ['--interval', '500']);

/** Clicks the strip where `at` falls (it says the span it covers). */
async function pickMoment(page: Page, at: number): Promise<void> {
  const strip = page.getByTestId('timeline');
  const since = Date.parse((await strip.getAttribute('data-since')) ?? '');
  const span = Number(await strip.getAttribute('data-span-ms'));
  const box = await strip.boundingBox();
  if (!box) throw new Error('no timeline strip');
  await strip.click({ position: { x: ((at - since) / span) * box.width, y: box.height / 2 } });
}

test('the timeline strip shows the table as it was at a picked moment; Back to Live returns', async ({ page }) => {
  await page.goto(env.serve.url.href);
  const { port } = await env.actor.send({ op: 'listen', id: 'L', host: '127.0.0.1', port: 0 });
  await filterGrid(page, String(port));
  const listener = rowWhere(page, { localPort: port!, state: 'LISTEN' });
  await expect(listener).toHaveCount(1);
  await page.waitForTimeout(2_500);
  const whileListening = Date.now();
  await page.waitForTimeout(2_500);
  await env.actor.send({ op: 'close', id: 'L' });
  await expect(listener).toHaveCount(0, { timeout: 8_000 });

  await page.reload(); // the strip now reaches past the moment
  await filterGrid(page, String(port));
  await expect(page.getByTestId('timeline').locator('rect').first()).toBeAttached();
  await pickMoment(page, whileListening);
  await expect(page.getByTestId('viewing-bar')).toContainText('Viewing');
  await expect(listener).toHaveCount(1);
  await page.screenshot({ path: path.join(__dirname, '..', 'screenshots', '10-time-travel.png') });

  await page.getByTestId('back-to-live').click();
  await expect(page.getByTestId('viewing-bar')).toHaveCount(0);
  await expect(listener).toHaveCount(0);

  // From the keyboard: the strip is a slider; arrows step back from now, Escape returns to Live.
  const slider = page.getByRole('slider', { name: /Moment to view/ });
  await slider.focus();
  await expect(slider).toHaveAttribute('aria-valuetext', 'Live');
  const bucketMs = Number(await page.getByTestId('timeline').getAttribute('data-span-ms')) / 120;
  const steps = Math.ceil((Date.now() - whileListening) / bucketMs);
  for (let i = 0; i < steps; i++) await slider.press('ArrowLeft');
  await expect(page.getByTestId('viewing-bar')).toContainText('Viewing');
  await expect(slider).not.toHaveAttribute('aria-valuetext', 'Live');
  await slider.press('Escape');
  await expect(page.getByTestId('viewing-bar')).toHaveCount(0);
});
