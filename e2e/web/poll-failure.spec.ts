// A poll that throws: the UI shows a banner with the error and the time of the last good poll,
// polling goes on, and the table catches up once the source reads again. The source here is the
// real /proc/net/tcp parser reading a procfs root the test controls (--proc --proc-root).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { cellOf, rowWhere } from '../support/grid';
import { ServeProcess } from '../support/serve-process';

const HEADER = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode';
/** One /proc/net/tcp line: 127.0.0.1:port listening (st 0A), with an inode nobody in this fake root holds. */
const listenerLine = (slot: number, port: number, inode: number) =>
  `   ${slot}: 0100007F:${port.toString(16).toUpperCase().padStart(4, '0')} 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 ${inode} 1 0000000000000000 100 0 0 10 0`;

let root: string;
let serve: ServeProcess;
const writeTable = (...lines: string[]) => fs.writeFileSync(path.join(root, 'net', 'tcp'), `${[HEADER, ...lines].join('\n')}\n`);

test.beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'sockscope-fakeproc-'));
  fs.mkdirSync(path.join(root, 'net'));
  writeTable(listenerLine(0, 8080, 4242));
  serve = await ServeProcess.start(['--port', '0', '--interval', '500', '--proc', '--proc-root', root]);
});

test.afterAll(async () => {
  expect(await serve?.stop()).toBe(0);
  fs.rmSync(root, { recursive: true, force: true });
});

test('a failing poll shows a banner with the error and the last good poll, and the table recovers', async ({ page }) => {
  await page.goto(serve.url.href);
  await expect(page.getByTestId('source-label')).toContainText(`${root}/net/tcp (forced)`);
  await expect(rowWhere(page, { localPort: 8080, state: 'LISTEN' })).toHaveCount(1);
  await expect(page.getByTestId('error-banner')).toHaveCount(0);

  fs.appendFileSync(path.join(root, 'net', 'tcp'), 'this is not a socket line\n');
  const banner = page.getByTestId('error-banner');
  await expect(banner).toBeVisible();
  await expect(banner).toContainText('/net/tcp'); // names what could not be read
  await expect(banner).toContainText('last good poll');
  await expect(banner).not.toContainText(' at Object.'); // one line, no stack
  // The table that was good stays on screen.
  await expect(rowWhere(page, { localPort: 8080, state: 'LISTEN' })).toHaveCount(1);
  await page.screenshot({ path: path.join(__dirname, '..', 'screenshots', '6-poll-failure.png') });

  // Repaired, with a new listener meanwhile: polling resumed by itself (with backoff) and catches up.
  writeTable(listenerLine(0, 8080, 4242), listenerLine(1, 8081, 4243));
  await expect(banner).toHaveCount(0, { timeout: 20_000 });
  const newcomer = rowWhere(page, { localPort: 8081, state: 'LISTEN' });
  await expect(newcomer).toHaveCount(1);
  await expect(cellOf(newcomer, 'pid')).toHaveText(''); // nobody in this procfs root holds it
});
