// What the monitor cannot see, and text it must not trust: serve run as nobody next to root's
// sockets, and a process whose name is a spreadsheet formula.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { expect, test } from '@playwright/test';
import { cellOf, filterGrid, rowWhere } from '../support/grid';
import { failOnPageProblems } from '../support/page-problems';
import { ServeProcess } from '../support/serve-process';
import { SocketActor } from '../support/socket-actor';

const SHOTS = path.join(__dirname, '..', 'screenshots');
fs.mkdirSync(SHOTS, { recursive: true });

failOnPageProblems(test);

test('run as nobody, the owners of root’s sockets are hidden: the status bar counts them and the cells say why', async ({
  page,
}) => {
  expect(process.getuid?.(), 'this test runs serve as nobody next to root’s sockets').toBe(0);
  const actor = new SocketActor(60); // root, like this test
  const serve = await ServeProcess.start(['--port', '0', '--interval', '500'], { asUser: 'nobody' });
  try {
    const { port } = await actor.send({ op: 'listen', id: 'L', host: '127.0.0.1' });
    await page.goto(serve.url.href);
    await filterGrid(page, String(port));
    const row = rowWhere(page, { localPort: port!, state: 'LISTEN' });
    await expect(cellOf(row, 'process')).toHaveText('—');
    await expect(cellOf(row, 'user')).toHaveText('root');
    await expect(page.getByTestId('hidden-owners')).toHaveText(
      /^\d+ connections?'s? owners? (is|are) hidden: run Sockscope as root to see them$/,
    );
    // Restarting elevated is the desktop app's: the web shell's status bar offers no such button.
    await expect(page.getByTestId('restart-elevated')).toHaveCount(0);
    await cellOf(row, 'process').hover();
    await expect(page.locator('.ag-tooltip')).toContainText(
      'belongs to user root, whose processes Sockscope can see only when run as root or administrator',
    );
    await page.screenshot({ path: path.join(SHOTS, 'owners-hidden.png') });
    // The web shell's own listener is nobody's, and its owner is seen.
    await filterGrid(page, serve.url.port);
    await expect(cellOf(rowWhere(page, { localPort: Number(serve.url.port), state: 'LISTEN' }), 'user')).toHaveText('nobody');
  } finally {
    actor.stop();
    await serve.stop();
  }
});

test('a process named like a formula is shown as text, and neutralised when saved as CSV', async ({ page }) => {
  const script = path.join(__dirname, '..', '..', 'native-bridge', 'linux', 'testing', 'named-listener.py');
  const named: ChildProcessWithoutNullStreams = spawn('python3', [script, Buffer.from('=1+2').toString('hex'), '60']);
  const serve = await ServeProcess.start(['--port', '0', '--interval', '500']);
  try {
    const port = Number(
      await new Promise<string>((resolve) => readline.createInterface({ input: named.stdout }).once('line', resolve)),
    );
    await page.goto(serve.url.href);
    await filterGrid(page, String(port));
    const row = rowWhere(page, { localPort: port, state: 'LISTEN' });
    await expect(cellOf(row, 'process')).toHaveText('=1+2');
    await page.getByTestId('export-button').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    const csv = fs.readFileSync(await download.path(), 'utf8');
    expect(csv.split('\n').some((line) => line.startsWith(`'=1+2,`))).toBe(true);
    expect(csv).not.toMatch(/(^|,)"?=1\+2/m);
  } finally {
    named.stdin.end();
    await serve.stop();
  }
});
