#!/usr/bin/env node
// Makes docs/screenshot.png for the README: `sockscope serve` in a private network namespace
// with some real traffic, photographed in Debian's Chromium.
//   npm run build && node scripts/in-netns.mjs node scripts/readme-screenshot.mjs
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import readline from 'node:readline';
import { chromium } from '@playwright/test';
import chromiumLaunch from './chromium.cjs';
const { CHROMIUM_ARGS, CHROMIUM_PATH } = chromiumLaunch;

const root = path.resolve(import.meta.dirname, '..');
setTimeout(() => process.exit(1), 60_000).unref(); // bounded, whatever happens

const serve = spawn(process.execPath, [path.join(root, 'bin', 'sockscope'), 'serve', '--port', '0'], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const url = await new Promise((resolve) =>
  readline.createInterface({ input: serve.stdout }).once('line', (l) => resolve(l.split(' ').pop())),
);

// A little world: two servers, clients, a half-closed pair, some TIME_WAIT.
const sockets = [];
const listen = (host, port) =>
  new Promise((r) => {
    const s = net.createServer({ allowHalfOpen: true }, (c) => sockets.push(c.resume()));
    s.listen(port, host, () => r(s));
  });
const connect = (host, port) =>
  new Promise((r) => {
    const c = net.connect({ host, port, allowHalfOpen: true }, () => r(c));
    c.resume();
    sockets.push(c);
  });
await listen('127.0.0.1', 8080);
await listen('::', 5432);
await listen('::1', 6379);
for (let i = 0; i < 4; i++) await connect('127.0.0.1', 8080);
for (let i = 0; i < 3; i++) await connect('127.0.0.1', 5432);
await connect('::1', 6379);
for (let i = 0; i < 3; i++) (await connect('127.0.0.1', 8080)).destroy();
const browser = await chromium.launch({
  executablePath: CHROMIUM_PATH,
  args: CHROMIUM_ARGS,
});
const page = await browser.newPage({ viewport: { width: 1500, height: 640 } });
await page.goto(url);
await page.waitForTimeout(1500);
// Something happens while we watch: a client half-closes (yellow), a new one connects (green).
await connect('::1', 6379);
sockets[5].end();
await page.waitForTimeout(1300);
await page.locator('[col-id="lastTransition"]').first().click(); // sort: what just changed on top
await page.locator('[col-id="lastTransition"]').first().click();
await page.locator('.ag-row', { hasText: '8080' }).first().dblclick();
await page.waitForTimeout(600);
await page.screenshot({ path: path.join(root, 'docs', 'screenshot.png') });
await browser.close();
serve.kill();
process.exit(0);
