// Debian's Chromium, as the e2e suite, bench/ui.mjs and the README screenshot launch it:
// Playwright's own browser download cannot reach its host here.
'use strict';

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** No sandbox (containers), no GPU, and nothing that would reach the network by itself. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

module.exports = { CHROMIUM_PATH, CHROMIUM_ARGS };
