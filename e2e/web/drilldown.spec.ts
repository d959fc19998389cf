// The process drill-down, rebuilt on the history: who the process is (its parent too), what it
// does now (listening ports, connections by remote host with names, traffic), and what it talked
// to before (totals per remote host from the recorder, closed connections included).
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { filterGrid, rowWhere } from '../support/grid';
import { serveAndActor } from '../support/serve-and-actor';
import { HOSTS_FILE_ADDRESS, HOSTS_FILE_NAME } from '../support/test-names';

const env = serveAndActor(test, ['--interval', '500'], 90);

test('the drill-down shows the parent, listening ports, remote hosts by name with counts by state, traffic, and what it talked to before', async ({
  page,
}) => {
  const { actor, serve } = env;
  const { port: ownPort } = await actor.send({ op: 'listen', id: 'L', host: '127.0.0.1' });
  const { port: peerPort } = await actor.send({ op: 'listen', id: 'P', host: HOSTS_FILE_ADDRESS });
  const a = (await actor.send({ op: 'connect', id: 'A', host: HOSTS_FILE_ADDRESS, port: peerPort })).localPort!;
  const b = (await actor.send({ op: 'connect', id: 'B', host: HOSTS_FILE_ADDRESS, port: peerPort })).localPort!;

  await page.goto(serve.url.href);
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await filterGrid(page, String(ownPort));
  await rowWhere(page, { localPort: ownPort!, state: 'LISTEN' }).dblclick();
  const panel = page.getByTestId('process-panel');
  await expect(panel).toBeVisible();

  // Identity: the actor was started by the test runner, a node process.
  await expect(page.getByTestId('process-details')).toContainText(/Parent\s*node \(PID \d+\)/);

  // Now: both listening ports, and the two connections to the named peer in one group.
  const listening = page.getByTestId('process-listening');
  await expect(listening).toContainText(`127.0.0.1:${ownPort}`);
  await expect(listening).toContainText(`${HOSTS_FILE_ADDRESS}:${peerPort}`);
  const peer = page.getByTestId('process-remote-groups').locator('li', { hasText: HOSTS_FILE_NAME });
  await expect(peer).toContainText(HOSTS_FILE_ADDRESS);
  await expect(peer).toContainText('ESTABLISHED 2');
  await expect(peer).toContainText(`:${peerPort}`);

  // Traffic: 256 KiB each way within a second shows as KiB/s or more on the chart's caption.
  for (let i = 0; i < 4; i++) await actor.send({ op: 'write', id: 'A', data: 'x'.repeat(64 * 1024) });
  await expect(page.getByTestId('process-traffic').locator('.rate-sent')).toHaveText(/↑ [\d.]+ (KiB|MiB)\/s/);
  await expect(page.getByTestId('process-traffic').locator('.rate-received')).toHaveText(/↓ [\d.]+ (KiB|MiB)\/s/);
  await expect(page.getByTestId('process-traffic').locator('polyline')).toHaveCount(2);

  // Before: while open, the peer reads "open now".
  const past = page.getByTestId('process-past').locator('li', { hasText: HOSTS_FILE_NAME });
  await expect(past).toContainText('open now', { timeout: 10_000 });
  await page.screenshot({ path: path.join(__dirname, '..', 'screenshots', '10-drilldown.png') });

  // Both close, the server ends first (so the clients' ends leave, not linger in TIME_WAIT):
  // gone from Now, and Before keeps them, with their final bytes and when they were last seen.
  for (const id of [`P:${a}`, `P:${b}`, 'A', 'B']) await actor.send({ op: 'destroy', id });
  await expect(peer).toHaveCount(0);
  await expect(past).toContainText('2×', { timeout: 10_000 });
  await expect(past).toContainText(/last closed \d\d:\d\d:\d\d/);
  await expect(past).toContainText(/↑ 256 KiB/);
  await expect(page.getByTestId('process-past-summary')).toContainText(/connections? to \d+ hosts? in the last hour/);
  await page.getByTestId('process-period').selectOption({ label: 'last 10 minutes' });
  await expect(page.getByTestId('process-past-summary')).toContainText('in the last 10 minutes');
  await expect(past).toContainText('2×');
  await page.screenshot({ path: path.join(__dirname, '..', 'screenshots', '11-drilldown-before.png') });
  await actor.send({ op: 'close', id: 'L' });
  await actor.send({ op: 'close', id: 'P' });
});
