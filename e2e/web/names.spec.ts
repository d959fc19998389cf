// Names in the grid, from real parts: the namespace's hosts file and dnsmasq answering PTR.
import { expect, test } from '@playwright/test';
import { cellOf, filterGrid, rowWhere } from '../support/grid';
import { failOnPageProblems } from '../support/page-problems';
import { ServeProcess } from '../support/serve-process';
import { SocketActor } from '../support/socket-actor';
import { HOSTS_FILE_ADDRESS, HOSTS_FILE_NAME, needsDns, synthesizedAddress, synthesizedName } from '../support/test-names';

failOnPageProblems(test);

let serve: ServeProcess;
let actor: SocketActor;

test.beforeAll(async () => {
  expect(process.env.SOCKSCOPE_NETNS, 'e2e runs in a private network namespace').toBe('1');
  serve = await ServeProcess.start(['--port', '0', '--interval', '500']);
  actor = new SocketActor(120);
});
test.afterAll(async () => {
  actor?.stop();
  await serve?.stop();
});

test('Resolve addresses (on by default) shows host names in their own columns and ports as service (port); off hides them', async ({
  page,
}) => {
  const { port } = await actor.send({ op: 'listen', id: 'H', host: HOSTS_FILE_ADDRESS });
  const { localPort } = await actor.send({ op: 'connect', id: 'H1', host: HOSTS_FILE_ADDRESS, port });
  await page.goto(serve.url.href);
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await expect(page.getByTestId('resolve-toggle')).toBeChecked();
  await filterGrid(page, String(localPort));
  const client = rowWhere(page, { localPort: localPort!, state: 'ESTABLISHED' });
  await expect(cellOf(client, 'remoteHost')).toHaveText(HOSTS_FILE_NAME);
  await expect(cellOf(client, 'remoteAddress')).toHaveText(HOSTS_FILE_ADDRESS); // the address column stays the address
  await expect(cellOf(client, 'localHost')).toHaveText('localhost'); // the kernel's source address for 127/8 is 127.0.0.1
  // The quick filter finds what the name columns show.
  await filterGrid(page, HOSTS_FILE_NAME);
  await expect(client).toHaveCount(1);

  // The web shell's own listener has a port IANA does not name; 443 would read https (443).
  // The toggle is the monitor's setting: it shows the new state once the monitor has it.
  await page.getByTestId('resolve-toggle').click();
  await expect(page.getByTestId('resolve-toggle')).not.toBeChecked();
  await expect(page.locator('.ag-header-cell[col-id="remoteHost"]')).toHaveCount(0);
  await filterGrid(page, String(localPort));
  await expect(cellOf(client, 'remotePort')).toHaveText(String(port));
  await page.getByTestId('resolve-toggle').click();
  await expect(page.getByTestId('resolve-toggle')).toBeChecked();
  await expect(cellOf(client, 'remoteHost')).toHaveText(HOSTS_FILE_NAME);
  await actor.send({ op: 'destroy', id: 'H1' });
});

test('a well-known port reads as its IANA service name, and sorts as a number', async ({ page }) => {
  const { port } = await actor.send({ op: 'listen', id: 'W', host: '127.0.0.1', port: 8080 });
  expect(port).toBe(8080);
  await page.goto(serve.url.href);
  await filterGrid(page, 'http-alt');
  const listener = rowWhere(page, { state: 'LISTEN' }).filter({
    has: page.locator('[col-id="localPort"]', { hasText: 'http-alt (8080)' }),
  });
  await expect(listener).toHaveCount(1);
  await actor.send({ op: 'close', id: 'W' });
});

test('PTR names from a real DNS server (dnsmasq) reach the grid as they arrive', async ({ page }) => {
  test.skip(!needsDns('the dnsmasq PTR test'), 'dnsmasq is not installed');
  const address = synthesizedAddress(4242);
  const { port } = await actor.send({ op: 'listen', id: 'D', host: '127.0.0.1' });
  await page.goto(serve.url.href);
  const { localPort } = await actor.send({ op: 'connect', id: 'D1', host: '127.0.0.1', port, localAddress: address });
  await filterGrid(page, String(localPort));
  const serverSide = rowWhere(page, { localPort: port!, remotePort: localPort! });
  await expect(cellOf(serverSide, 'remoteAddress')).toHaveText(address);
  await expect(cellOf(serverSide, 'remoteHost')).toHaveText(synthesizedName(address));
  await actor.send({ op: 'destroy', id: 'D1' });
});
