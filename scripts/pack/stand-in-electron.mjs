// A stand-in Electron distribution for electron-builder's `electronDist`: the real one cannot be
// downloaded here. It holds the files electron-builder copies, and an executable carrying
// Electron's fuse wire with Electron's default states, so flipping the fuses and reading them
// back with @electron/fuses exercises the same code path as on the real binary (without the
// wire, electron-builder stops: "Could not find sentinel in the provided Electron binary").
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ResEdit from 'resedit';

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

const fuseWire = () =>
  Buffer.concat([Buffer.from(FUSE_SENTINEL), Buffer.from([1, ELECTRON_DEFAULT_FUSES.length, ...ELECTRON_DEFAULT_FUSES])]);

/** A shell script that refuses to run, with the fuse wire in a trailing comment. */
function linuxExecutable() {
  const script = '#!/bin/sh\necho "stand-in Electron: the real binary is not available here" >&2\nexit 1\n# ';
  return Buffer.concat([Buffer.from(script), fuseWire(), Buffer.from('\n')]);
}

/**
 * An empty PE image: electron-builder writes the asar integrity into electron.exe's resources
 * (resedit needs a version-info resource to find the language), so a plain file fails there.
 * The fuse wire rides in an RCDATA resource, which resedit carries through untouched.
 */
function windowsExecutable() {
  const exe = ResEdit.NtExecutable.createEmpty(false, false);
  const resources = ResEdit.NtExecutableResource.from(exe);
  const versionInfo = ResEdit.Resource.VersionInfo.createEmpty();
  versionInfo.setStringValues({ lang: 1033, codepage: 1200 }, { ProductName: 'Electron stand-in' });
  versionInfo.outputToResourceEntries(resources.entries);
  resources.entries.push({ type: 10 /* RT_RCDATA */, id: 'FUSES', bin: fuseWire(), lang: 1033, codepage: 1200 });
  resources.outputResource(exe);
  return Buffer.from(exe.generate());
}

/** Makes the folder for `platform` ('linux' or 'win32') and returns its path. */
export function makeStandInElectron(electronVersion, platform) {
  const dir = mkdtempSync(join(tmpdir(), 'sockscope-electron-dist-'));
  if (platform === 'win32') {
    writeFileSync(join(dir, 'electron.exe'), windowsExecutable());
  } else {
    writeFileSync(join(dir, 'electron'), linuxExecutable(), { mode: 0o755 });
    writeFileSync(join(dir, 'chrome-sandbox'), '', { mode: 0o755 });
  }
  writeFileSync(join(dir, 'version'), electronVersion);
  writeFileSync(join(dir, 'LICENSE'), 'Electron stand-in\n');
  writeFileSync(join(dir, 'LICENSES.chromium.html'), '<p>Electron stand-in</p>\n');
  return dir;
}
