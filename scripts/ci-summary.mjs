#!/usr/bin/env node
// Sums the test counts that vitest, Playwright and the Wine suite (TAP-style `ok` / `not ok`
// lines, then `PASS` / `FAIL` lines) printed — a log on stdin — into the one plain closing line
// CI reads: "ci: N passed, N failed, N skipped".
import fs from 'node:fs';

// Colours off: ANSI escapes (ESC [ … m) stripped.
// eslint-disable-next-line no-control-regex
const log = fs.readFileSync(0, 'utf8').replace(/\x1b\[[0-9;]*m/g, '');
const sum = { passed: 0, failed: 0, skipped: 0 };
const add = (what, n) => (sum[what] += Number(n));
for (const line of log.split('\n')) {
  // vitest: "      Tests  311 passed (311)" or "Tests  2 failed | 309 passed | 4 skipped (315)"
  const vitest = /^\s*Tests\s+(.*)\(\d+\)\s*$/.exec(line);
  if (vitest) for (const [, n, what] of vitest[1].matchAll(/(\d+) (passed|failed|skipped)/g)) add(what, n);
  // Playwright: "  5 passed (22.3s)", "  3 skipped", "  1 failed"
  const pw = /^\s+(\d+) (passed|failed|skipped)(\s+\([\d.]+m?s\))?\s*$/.exec(line);
  if (pw) add(pw[2], pw[1]);
  // The Wine suite: "ok - …" / "not ok - …" from the self-test, "PASS …" / "FAIL …" from the script.
  if (/^ok - /.test(line)) add('passed', 1);
  if (/^not ok - /.test(line)) add('failed', 1);
  if (/^PASS (?!wine-selftest)/.test(line)) add('passed', 1); // the self-test's own PASS sums its ok lines
  if (/^FAIL /.test(line)) add('failed', 1);
}
console.log(`ci: ${sum.passed} passed, ${sum.failed} failed, ${sum.skipped} skipped`);
process.exit(sum.passed > 0 && sum.failed === 0 ? 0 : 1);
