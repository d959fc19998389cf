#!/usr/bin/env node
'use strict';
// `npm start`: opens the desktop app. Without an Electron binary it says so in one line and
// points at the web shell, rather than ending in Electron's stack trace.
const { spawn } = require('node:child_process');
const path = require('node:path');
const { findElectronBinary } = require('./electron-binary.cjs');

const binary = findElectronBinary();
if ('missing' in binary) {
  process.stderr.write(
    `sockscope: cannot open the desktop app: ${binary.missing}. Reinstall without ELECTRON_SKIP_BINARY_DOWNLOAD, or run 'npm run serve' for the same UI in a browser.\n`,
  );
  process.exit(2);
}
const app = spawn(binary.path, [path.join(__dirname, '..'), ...process.argv.slice(2)], { stdio: 'inherit' });
app.on('error', (err) => {
  process.stderr.write(`sockscope: cannot start ${binary.path}: ${err.message}\n`);
  process.exit(2);
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => app.kill(signal));
app.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
