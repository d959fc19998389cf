'use strict';
// Where the Electron binary is, or why there is none: installed with
// ELECTRON_SKIP_BINARY_DOWNLOAD=1, or its download could not reach its host. Used by
// `npm start` and by the Electron e2e specs (which skip, saying why).
const fs = require('node:fs');

/** @returns {{ path: string } | { missing: string }} */
function findElectronBinary() {
  try {
    const binary = require('electron');
    if (typeof binary === 'string' && fs.existsSync(binary)) return { path: binary };
    return { missing: `the electron package has no binary at ${String(binary)}` };
  } catch {
    // Electron's own message ("…delete node_modules/electron and try installing again") is
    // wrong advice where the download cannot reach its host: say what is known instead.
    return { missing: 'no Electron binary is installed (skipped with ELECTRON_SKIP_BINARY_DOWNLOAD=1, or its download failed)' };
  }
}

module.exports = { findElectronBinary };
