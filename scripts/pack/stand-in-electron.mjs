// A stand-in Electron distribution for electron-builder's `electronDist`: the real one cannot be
// downloaded here. It holds the files electron-builder copies, and an `electron` executable
// carrying Electron's fuse wire with Electron's default states, so flipping the fuses and
// reading them back with @electron/fuses exercises the same code path as on the real binary.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The marker @electron/fuses searches for; the wire follows it (version byte, length byte, states). */
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

/** A fuse's state as Electron stores it: ASCII '0' / '1' (@electron/fuses reads these; it does not export them). */
export const FuseState = { DISABLE: 0x30, ENABLE: 0x31 };

/** Electron's shipped defaults, in FuseV1Options order: the opposite of what the config asks where it matters. */
export const ELECTRON_DEFAULT_FUSES = [
  FuseState.ENABLE, // RunAsNode
  FuseState.DISABLE, // EnableCookieEncryption
  FuseState.ENABLE, // EnableNodeOptionsEnvironmentVariable
  FuseState.ENABLE, // EnableNodeCliInspectArguments
  FuseState.DISABLE, // EnableEmbeddedAsarIntegrityValidation
  FuseState.DISABLE, // OnlyLoadAppFromAsar
  FuseState.DISABLE, // LoadBrowserProcessSpecificV8Snapshot
  FuseState.ENABLE, // GrantFileProtocolExtraPrivileges
];

/** Makes the folder and returns its path. */
export function makeStandInElectron(electronVersion) {
  const dir = mkdtempSync(join(tmpdir(), 'sockscope-electron-dist-'));
  const executable = Buffer.concat([
    Buffer.from('#!/bin/sh\necho "stand-in Electron: the real binary is not available here" >&2\nexit 1\n# '),
    Buffer.from(FUSE_SENTINEL),
    Buffer.from([1, ELECTRON_DEFAULT_FUSES.length, ...ELECTRON_DEFAULT_FUSES]),
    Buffer.from('\n'),
  ]);
  writeFileSync(join(dir, 'electron'), executable, { mode: 0o755 });
  writeFileSync(join(dir, 'version'), electronVersion);
  writeFileSync(join(dir, 'LICENSE'), 'Electron stand-in\n');
  writeFileSync(join(dir, 'LICENSES.chromium.html'), '<p>Electron stand-in</p>\n');
  writeFileSync(join(dir, 'chrome-sandbox'), '', { mode: 0o755 });
  return dir;
}
