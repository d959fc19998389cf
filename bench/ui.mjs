// The page at 100 000 rows (`npm run bench:ui`, and a step of `npm run bench`): Debian's Chromium
// (Playwright) against `sockscope serve`, in the bench's namespace. Measured in the page:
//   navigation → the full table shown                         ≤ 1.0 s, no task longer than 200 ms
//   the quick filter on half the rows (typing delay excluded)  ≤ 200 ms
//   a sort by an address column                                ≤ 150 ms
//   under 1 000 changes a second, sorted by Last transition:  frame delta p99 ≤ 34 ms
//   JS heap after load                                         ≤ 100 MiB
import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { chromium } from '@playwright/test';
import chromiumLaunch from '../scripts/chromium.cjs';
const { CHROMIUM_ARGS, CHROMIUM_PATH } = chromiumLaunch;
import { percentile, sleep, verdict } from './bench-util.mjs';
import { spawnSocketGenerator } from './sockets.mjs';

const root = path.resolve(import.meta.dirname, '..');
const BUDGETS = { loadMs: 1000, longTaskMs: 200, filterMs: 200, sortMs: 150, frameP99Ms: 34, heapMiB: 100 };

async function startServe() {
  const serve = spawn(
    process.execPath,
    [path.join(root, 'bin', 'sockscope'), 'serve', '--port', '0', '--interval', '1000', '--no-resolve'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const url = await new Promise((resolve) =>
    readline.createInterface({ input: serve.stdout }).once('line', (l) => resolve(l.split(' ').pop())),
  );
  return { serve, url };
}

/**
 * In the page: long tasks as they happen, and when the full table was drawn: the first frame
 * (and its paint) after the status bar counts `sockets` rows with the grid showing rows. Taken in
 * the page, so that the harness's own polling and round trips are not counted.
 */
const OBSERVE = (sockets) => {
  window.__bench = { longTasks: [], drawnAt: null };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__bench.longTasks.push(e.duration);
  }).observe({ type: 'longtask', buffered: true });
  const full = () => {
    const match = /^(\d+) total$/.exec(document.querySelector('[data-testid="total-count"]')?.textContent ?? '');
    return (
      match !== null &&
      Number(match[1]) >= sockets &&
      document.querySelector('[data-testid="connection-grid"] .ag-row[row-index]') !== null
    );
  };
  const observer = new window.MutationObserver(() => {
    if (!full()) return;
    observer.disconnect();
    requestAnimationFrame(() => setTimeout(() => (window.__bench.drawnAt = performance.now()), 0));
  });
  document.addEventListener('DOMContentLoaded', () =>
    observer.observe(document.body, { subtree: true, childList: true, characterData: true }),
  );
};

/** Time from `start` (a mark name, or a time) until the grid has updated and a frame has been drawn. */
async function untilDrawn(page, since) {
  return page.evaluate(async (since) => {
    const marks = () => performance.getEntriesByName('sockscope:model-updated').filter((m) => m.startTime >= since);
    while (marks().length === 0) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    return performance.now() - since;
  }, since);
}

export async function measureUi({ sockets = 100_000 } = {}) {
  const generator = await spawnSocketGenerator(sockets, 600);
  const { serve, url } = await startServe();
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, '--enable-precise-memory-info'],
  });
  let churn = null;
  try {
    // The full table: the status bar counts every row, and the grid has drawn them.
    const fullTable = (page) =>
      page.waitForFunction(
        (n) =>
          /^(\d+) total$/.test(document.querySelector('[data-testid="total-count"]')?.textContent ?? '') &&
          Number(document.querySelector('[data-testid="total-count"]').textContent.split(' ')[0]) >= n,
        generator.sockets,
        { timeout: 60_000, polling: 16 },
      );
    // A first visit waits out the monitor's cold poll (budgeted on its own), so the one measured is the page's.
    const warmUp = await browser.newPage();
    await warmUp.goto(url);
    await fullTable(warmUp);
    await warmUp.close();
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.addInitScript(OBSERVE, generator.sockets);
    await page.goto(url);
    await fullTable(page);
    await page.waitForFunction(() => window.__bench.drawnAt !== null, null, { timeout: 10_000 });
    const loadMs = await page.evaluate(() => window.__bench.drawnAt);
    const marks = await page.evaluate(() =>
      ['snapshot-received', 'snapshot-applied'].map(
        (m) => performance.getEntriesByName(`sockscope:${m}`).at(-1)?.startTime ?? NaN,
      ),
    );
    await sleep(1500);
    const longest = await page.evaluate(() => Math.max(0, ...window.__bench.longTasks));
    const heapMiB = await page.evaluate(() => performance.memory.usedJSHeapSize / 2 ** 20);

    // The quick filter on half the rows: the generator puts half of its connections on ::1.
    // From the filter taking the text (after its typing delay) until the status bar counts what it shows.
    // (The page marks its starting empty filter too: wait for the mark this text makes.)
    const filterMarks = await page.evaluate(() => performance.getEntriesByName('sockscope:quick-filter').length);
    await page.getByTestId('quick-filter').fill('::1');
    const filterMs = await page.evaluate(async (before) => {
      const marks = () => performance.getEntriesByName('sockscope:quick-filter');
      while (marks().length === before) await new Promise((r) => setTimeout(r, 5));
      const start = marks().at(-1).startTime;
      const counted = () => /^showing/.test(document.querySelector('[data-testid="total-count"]')?.textContent ?? '');
      while (!counted()) await new Promise((r) => requestAnimationFrame(r));
      return performance.now() - start;
    }, filterMarks);
    const shown = await page.getByTestId('total-count').textContent();
    await page.getByTestId('quick-filter').fill('');
    await sleep(1500);

    // A sort by an address column: from the click to the drawn frame.
    const header = page.locator('.ag-header-cell[col-id="remoteAddress"] .ag-header-cell-label');
    await page.evaluate(() => {
      window.__sortClick = { at: 0 };
      document.addEventListener('click', () => (window.__sortClick.at = performance.now()), { capture: true, once: true });
    });
    await header.click();
    const clickAt = await page.evaluate(() => window.__sortClick.at);
    const sortMs = await untilDrawn(page, clickAt);

    // 1 000 changes a second, sorted by Last transition (newest first): frame deltas.
    await page.locator('.ag-header-cell[col-id="lastTransition"] .ag-header-cell-label').click();
    await page.locator('.ag-header-cell[col-id="lastTransition"] .ag-header-cell-label').click();
    churn = spawn(
      process.execPath,
      [path.join(import.meta.dirname, 'churn.mjs'), '--per-second', '1000', '--processes', '4', '--seconds', '60'],
      {
        stdio: ['pipe', 'pipe', 'inherit'],
      },
    );
    await new Promise((resolve) => readline.createInterface({ input: churn.stdout }).once('line', resolve));
    await sleep(3000);
    const deltas = await page.evaluate(
      () =>
        new Promise((resolve) => {
          const out = [];
          let last = performance.now();
          const end = last + 10_000;
          const frame = (t) => {
            out.push(t - last);
            last = t;
            if (t < end) requestAnimationFrame(frame);
            else resolve(out);
          };
          requestAnimationFrame(frame);
        }),
    );
    const frameP99 = percentile(deltas, 99);

    const lines = [
      [`navigation → full table ${loadMs.toFixed(0)} ms`, loadMs <= BUDGETS.loadMs, `${BUDGETS.loadMs} ms`],
      [`longest task while loading ${longest.toFixed(0)} ms`, longest <= BUDGETS.longTaskMs, `${BUDGETS.longTaskMs} ms`],
      [`quick filter '::1' (${shown}) ${filterMs.toFixed(0)} ms`, filterMs <= BUDGETS.filterMs, `${BUDGETS.filterMs} ms`],
      [`sort by Remote Address ${sortMs.toFixed(0)} ms`, sortMs <= BUDGETS.sortMs, `${BUDGETS.sortMs} ms`],
      [
        `frame delta p99 under 1 000 changes/s, sorted by Last transition ${frameP99.toFixed(1)} ms`,
        frameP99 <= BUDGETS.frameP99Ms,
        `${BUDGETS.frameP99Ms} ms`,
      ],
      [`JS heap after load ${heapMiB.toFixed(0)} MiB`, heapMiB <= BUDGETS.heapMiB, `${BUDGETS.heapMiB} MiB`],
    ];
    console.log(`\nthe page at ${generator.sockets} sockets (Debian's Chromium, 1440×900):`);
    const [received, applied] = marks.map((t) => t.toFixed(0));
    console.log(
      `  (where the load goes: the snapshot's first part received at ${received} ms, the whole table in the grid ${applied}, drawn ${loadMs.toFixed(0)})`,
    );
    for (const [text, ok, budget] of lines) console.log(`  ${text} (budget ${budget}) ${verdict(ok)}`);
    return lines.every(([, ok]) => ok);
  } finally {
    churn?.kill();
    await browser.close();
    serve.kill('SIGTERM');
    generator.stop();
  }
}

if (process.argv[1] === import.meta.filename) {
  if (process.env.SOCKSCOPE_NETNS !== '1') {
    console.error('bench:ui: run me in the test network namespace: npm run bench:ui');
    process.exit(2);
  }
  measureUi()
    .then((ok) => process.exit(ok ? 0 : 1))
    .catch((err) => {
      console.error(`bench:ui: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    });
}
