// What the packaged app directory holds (built by scripts/pack-check.mjs). Run through
// `npm run pack:check` (Linux) or `npm run pack:check:win`; SOCKSCOPE_PACK_DIR points at
// dist/linux-unpacked or dist/win-unpacked, SOCKSCOPE_PACK_PLATFORM says which.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as asar from '@electron/asar';
import fuses from '@electron/fuses';
import * as ResEdit from 'resedit';
import { describe, expect, it } from 'vitest';
import viteConfig from '../../electron.vite.config.mts';
import { FuseState } from './stand-in-electron.mjs';

const { getCurrentFuseWire, FuseV1Options } = fuses;
const platform = process.env.SOCKSCOPE_PACK_PLATFORM ?? 'linux';
const appDir = process.env.SOCKSCOPE_PACK_DIR ?? join(import.meta.dirname, '../../dist/linux-unpacked');
/** Per target: the executable electron-builder names, and koffi's binary package with the loader key for this OS. */
const target = {
  linux: { executable: 'sockscope', koffiPackage: 'koffi-linux-x64', loaderKey: /glibc:\s*"\.\/([^"]+)"/ },
  win32: { executable: 'Sockscope.exe', koffiPackage: 'koffi-win32-x64', loaderKey: /require\('\.\/([^']+\.node)'\)/ },
}[platform];
const archive = join(appDir, 'resources/app.asar');
const unpackedDir = `${archive}.unpacked`;
/** Today 3.6 MB (the renderer bundle is 2.3 MB of it); a bound that catches a stray folder or bundle. */
const ASAR_MAX_BYTES = 5 * 1024 * 1024;
/** Today 4.7 MB: koffi's two linux-x64 binaries (glibc, musl) and better_sqlite3.node. */
const UNPACKED_MAX_BYTES = 8 * 1024 * 1024;

const entries = asar.listPackage(archive, { isPack: false }).map((p) => p.replace(/^\//, ''));
const entrySet = new Set(entries);
const isUnpacked = (path) => asar.statFile(archive, path).unpacked === true;
const asarFiles = entries.filter((p) => !('files' in asar.statFile(archive, p)));

function filesUnder(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => relative(dir, join(d.parentPath, d.name)));
}

/**
 * Where koffi loads its binary from: koffi requires @koromix/koffi-<os>-<arch>, whose index.js
 * requires the .node file (on Linux, from its BINARIES table, glibc entry).
 */
function koffiBinaryPath() {
  const packageDir = `node_modules/@koromix/${target.koffiPackage}`;
  const loader = readFileSync(join(unpackedDir, packageDir, 'index.js'), 'utf8');
  const found = target.loaderKey.exec(loader);
  if (!found) throw new Error(`${target.koffiPackage}'s loader no longer names its binary as expected: update this check`);
  return `${packageDir}/${found[1]}`;
}

describe(`the packaged app (${platform}, ${appDir})`, () => {
  it('holds the main bundle with every worker entry, the preload, the renderer and package.json', () => {
    const mainInputs = Object.keys(viteConfig.main.build.rollupOptions.input);
    expect(mainInputs).toEqual(expect.arrayContaining(['electron-main', 'poll-worker', 'history-worker']));
    for (const name of mainInputs) expect(entrySet, `out/main/${name}.js`).toContain(`out/main/${name}.js`);
    expect(entrySet).toContain('out/preload/preload.js');
    const html = asar.extractFile(archive, 'out/renderer/index.html').toString();
    const assets = [...html.matchAll(/(?:src|href)="\.\/([^"]+)"/g)].map((m) => `out/renderer/${m[1]}`);
    expect(assets.length).toBeGreaterThan(0);
    for (const asset of assets) expect(entrySet, asset).toContain(asset);
    const pkg = JSON.parse(asar.extractFile(archive, 'package.json').toString());
    expect(pkg.productName ?? pkg.name).toBeTruthy();
    expect(entrySet, `package.json main (${pkg.main})`).toContain(pkg.main);
  });

  it('holds nothing from the sources, tests, fixtures or source maps', () => {
    const topLevel = new Set(entries.map((p) => p.split('/')[0]));
    expect([...topLevel].sort()).toEqual(['bin', 'node_modules', 'out', 'package.json']);
    const own = entries.filter((p) => !p.startsWith('node_modules/'));
    expect(own.filter((p) => /\.(ts|tsx|mts|map)$/.test(p))).toEqual([]);
    expect(entries.filter((p) => /\.(test|spec)\.|\.map$|(^|\/)fixtures(\/|$)/.test(p))).toEqual([]);
  });

  it(`unpacks koffi's ${platform} binary where koffi loads it from`, () => {
    const binary = koffiBinaryPath();
    expect(entrySet).toContain(binary);
    expect(isUnpacked(binary)).toBe(true);
    expect(existsSync(join(unpackedDir, binary))).toBe(true);
  });

  it.runIf(platform === 'linux' && process.platform === 'linux')('lets koffi load from the trimmed tree', () => {
    // Plain Node resolves koffi → @koromix/koffi-linux-x64 inside app.asar.unpacked, as Electron does.
    const sizeofInt = execFileSync(
      process.execPath,
      ['-e', `console.log(require(${JSON.stringify(join(unpackedDir, 'node_modules/koffi'))}).sizeof('int'))`],
      { encoding: 'utf8' },
    );
    expect(sizeofInt.trim()).toBe('4');
  });

  it("unpacks better-sqlite3's binding, and every native module (none is left inside the asar)", () => {
    const binding = 'node_modules/better-sqlite3/build/Release/better_sqlite3.node';
    expect(isUnpacked(binding)).toBe(true);
    expect(existsSync(join(unpackedDir, binding))).toBe(true);
    // A native module added later shows here: packed inside the asar it could not be loaded.
    expect(entries.filter((p) => p.endsWith('.node') && !isUnpacked(p))).toEqual([]);
  });

  it("leaves out koffi's and better-sqlite3's C/C++ sources, vendored headers, docs and build intermediates", () => {
    const everywhere = [...asarFiles, ...filesUnder(unpackedDir)];
    const native = everywhere.filter(
      (p) => /\.(c|cc|h|hh|inc|def|S|asm|gyp|o|a|mk)$/.test(p) || /(^|\/)(doc|vendor|deps|obj\.target)\//.test(p),
    );
    expect(native).toEqual([]);
    expect(
      everywhere.filter((p) => p.startsWith('node_modules/better-sqlite3/build/') && !p.endsWith('better_sqlite3.node')),
    ).toEqual([]);
  });

  it(`keeps app.asar under ${ASAR_MAX_BYTES} bytes and app.asar.unpacked under ${UNPACKED_MAX_BYTES}`, () => {
    expect(statSync(archive).size).toBeLessThan(ASAR_MAX_BYTES);
    const unpackedBytes = filesUnder(unpackedDir).reduce((sum, p) => sum + statSync(join(unpackedDir, p)).size, 0);
    expect(unpackedBytes).toBeLessThan(UNPACKED_MAX_BYTES);
  });

  it("flips Electron's hardening fuses in the packaged executable", async () => {
    const wire = await getCurrentFuseWire(join(appDir, target.executable));
    expect({
      runAsNode: wire[FuseV1Options.RunAsNode],
      nodeOptions: wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable],
      inspectArguments: wire[FuseV1Options.EnableNodeCliInspectArguments],
      asarIntegrity: wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation],
      onlyAppFromAsar: wire[FuseV1Options.OnlyLoadAppFromAsar],
      fileProtocolExtraPrivileges: wire[FuseV1Options.GrantFileProtocolExtraPrivileges],
    }).toEqual({
      runAsNode: FuseState.DISABLE,
      nodeOptions: FuseState.DISABLE,
      inspectArguments: FuseState.DISABLE,
      asarIntegrity: FuseState.ENABLE,
      onlyAppFromAsar: FuseState.ENABLE,
      fileProtocolExtraPrivileges: FuseState.DISABLE,
    });
  });

  // Electron checks the asar header's hash against this resource when the integrity fuse is on
  // (Windows and macOS; Linux has no such check).
  it.runIf(platform === 'win32')("records app.asar's header hash in the executable for the integrity fuse", () => {
    const exe = ResEdit.NtExecutable.from(readFileSync(join(appDir, target.executable)));
    const integrity = ResEdit.NtExecutableResource.from(exe).entries.find(
      (e) => e.type === 'INTEGRITY' && e.id === 'ELECTRONASAR',
    );
    expect(integrity, 'INTEGRITY/ELECTRONASAR resource').toBeDefined();
    const headerHash = createHash('sha256').update(asar.getRawHeader(archive).headerString).digest('hex');
    expect(JSON.parse(Buffer.from(integrity.bin).toString())).toEqual([
      { file: 'resources\\app.asar', alg: 'SHA256', value: headerHash },
    ]);
  });

  it('names the app Sockscope, with the version of package.json', () => {
    const source = JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8'));
    const packed = JSON.parse(asar.extractFile(archive, 'package.json').toString());
    // Electron's app.getName() and app.getVersion() (the About box) read these.
    expect({ productName: packed.productName, version: packed.version }).toEqual({
      productName: 'Sockscope',
      version: source.version,
    });
    expect(existsSync(join(appDir, target.executable))).toBe(true);
  });

  describe.runIf(platform === 'linux')('desktop integration (the entry and icons deb and AppImage install)', () => {
    const previewDir = join(appDir, 'desktop-preview');
    const desktopEntry = () => {
      const text = readFileSync(join(previewDir, 'sockscope.desktop'), 'utf8');
      return Object.fromEntries(
        text
          .split('\n')
          .filter((line) => line.includes('='))
          .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
      );
    };

    it('has a .desktop entry in the Network category that starts the app', () => {
      expect(desktopEntry()).toMatchObject({
        Name: 'Sockscope',
        Type: 'Application',
        Categories: 'Network;',
        Exec: '/opt/Sockscope/sockscope %U',
        Icon: 'sockscope',
        StartupWMClass: 'sockscope',
        GenericName: 'TCP Connection Monitor',
      });
    });

    it('installs icons at the usual sizes, rendered from build/icon.svg', () => {
      const icons = JSON.parse(readFileSync(join(previewDir, 'icons.json'), 'utf8'));
      expect(icons.map((icon) => icon.size)).toEqual([16, 32, 48, 64, 128, 256, 512, 1024]);
      for (const icon of icons) {
        // A PNG's IHDR: width and height as big-endian 32-bit at bytes 16 and 20.
        const png = readFileSync(join(import.meta.dirname, '../..', icon.file));
        expect([png.readUInt32BE(16), png.readUInt32BE(20)], icon.file).toEqual([icon.size, icon.size]);
      }
    });
  });
});
