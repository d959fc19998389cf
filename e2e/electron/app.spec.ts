// The desktop shell: the same checks as the web specs, through Electron IPC and the preload.
// Runs where an Electron binary exists; elsewhere every test skips with one printed reason.
import path from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { PUSH_TYPES, REQUEST_NAMES } from '../../main/common/contract/requests';
import { findElectronBinary } from '../support/electron-binary';
import { tryForeignConnection } from '../support/csp';
import { cellOf, filterGrid, rowWhere } from '../support/grid';
import { SocketActor } from '../support/socket-actor';

const binary = findElectronBinary();
if ('missing' in binary) console.log(`electron e2e skipped: ${binary.missing}`);
test.skip('missing' in binary, 'missing' in binary ? binary.missing : '');

let app: ElectronApplication;
let page: Page;
let actor: SocketActor;

test.beforeAll(async () => {
  if ('missing' in binary) return;
  actor = new SocketActor(180);
  app = await electron.launch({
    executablePath: binary.path,
    args: [path.join(__dirname, '..', '..', 'out', 'main', 'electron-main.js'), '--no-sandbox'],
  });
  page = await app.firstWindow();
});

test.afterAll(async () => {
  actor?.stop();
  await app?.close();
});

test('the window is locked down: context isolation, no Node, a strict CSP, no navigation', async () => {
  // No Node in the page, and the CSP forbids eval.
  expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
  expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
  expect(
    await page.evaluate(() => {
      try {
        return String(eval('1'));
      } catch (err) {
        return (err as Error).name;
      }
    }),
  ).toBe('EvalError');
  // Connections to anywhere are refused (the renderer talks over IPC only).
  const violated = await tryForeignConnection(page);
  expect(violated).toMatch(/connect-src|threw SecurityError/);
  // Navigation away is refused.
  await page.evaluate(() => (location.href = 'https://example.invalid/'));
  await page.waitForTimeout(500);
  expect(page.url()).toMatch(/^app:\/\/sockscope\//);
  // Only the contract's methods are exposed.
  expect(await page.evaluate(() => Object.keys((globalThis as unknown as { sockscope: object }).sockscope).sort())).toEqual(
    [...REQUEST_NAMES, ...PUSH_TYPES.map((t) => `on${t[0].toUpperCase()}${t.slice(1)}`)].sort(),
  );
  // The CSP comes with the page from app:// (asked from the main process: the page's own CSP forbids fetch),
  // and a path out of out/renderer is a 404.
  const fetched = await app.evaluate(async ({ net }) => {
    const page = await net.fetch('app://sockscope/index.html');
    const climbing = await net.fetch('app://sockscope/..%2f..%2fpackage.json');
    return { csp: page.headers.get('content-security-policy'), climbing: climbing.status };
  });
  expect(fetched.csp).toContain("default-src 'none'");
  expect(fetched.climbing).toBe(404);
});

test('a socket appears green with its process, changes turn it yellow, closing turns it red and it leaves', async () => {
  const { port } = await actor.send({ op: 'listen', id: 'L', host: '127.0.0.1' });
  await filterGrid(page, String(port));
  const listener = rowWhere(page, { localPort: port!, state: 'LISTEN' });
  await expect(listener).toHaveClass(/row-new/);
  await expect(cellOf(listener, 'pid')).toHaveText(String(actor.pid));
  const { localPort } = await actor.send({ op: 'connect', id: 'C', host: '127.0.0.1', port });
  const serverSide = rowWhere(page, { localPort: port!, remotePort: localPort! });
  await expect(serverSide).not.toHaveClass(/row-new/, { timeout: 6_000 });
  await actor.send({ op: 'end', id: 'C' });
  await expect(cellOf(serverSide, 'lastTransition')).toContainText('ESTABLISHED → CLOSE_WAIT');
  await actor.send({ op: 'close', id: 'L' });
  await expect(listener).toHaveClass(/row-closed/);
  await expect(listener).toHaveCount(0, { timeout: 8_000 });
});

test('pause stops updates and resume catches up; a reload resyncs', async () => {
  await page.getByTestId('pause-toggle').click();
  const { port } = await actor.send({ op: 'listen', id: 'P', host: '127.0.0.1' });
  await filterGrid(page, String(port));
  await page.waitForTimeout(2_500);
  await expect(rowWhere(page, { localPort: port!, state: 'LISTEN' })).toHaveCount(0);
  await page.getByTestId('pause-toggle').click();
  await expect(rowWhere(page, { localPort: port!, state: 'LISTEN' })).toHaveCount(1);
  await page.reload();
  await filterGrid(page, String(port));
  await expect(rowWhere(page, { localPort: port!, state: 'LISTEN' })).toHaveCount(1);
});
