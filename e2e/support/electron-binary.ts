import fs from 'node:fs';
import { createRequire } from 'node:module';

/** The Electron binary's path, or why there is none (its download cannot reach its host on some machines). */
export function findElectronBinary(): { path: string } | { missing: string } {
  try {
    const binary = createRequire(__filename)('electron') as unknown;
    if (typeof binary === 'string' && fs.existsSync(binary)) return { path: binary };
    return { missing: `the electron package has no binary at ${String(binary)}` };
  } catch (err) {
    const reason = (err as Error).message.split('\n')[0];
    return { missing: `no Electron binary is installed (${reason}); installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1` };
  }
}
