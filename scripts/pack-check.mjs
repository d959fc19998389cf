// npm run pack:check: packages the Linux app directory (dist/linux-unpacked) with electron-builder
// from a stand-in Electron distribution, offline, then runs the checks on what it holds
// (scripts/pack/*.pack.test.mjs). `--win` does the same for dist/win-unpacked (npm run
// pack:check:win, which first installs koffi's win32 binary as dist:win does).
// Expects `electron-vite build` to have run (the npm scripts do it).
//
// The native rebuild is skipped (npmRebuild=false): @electron/rebuild needs Electron's headers,
// which cannot be downloaded here, so better-sqlite3 is packed as built for this Node. On a machine
// with internet `npm run dist` rebuilds it against Electron's ABI (see README, "Packaging").
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { makeStandInElectron } from './pack/stand-in-electron.mjs';

const root = join(import.meta.dirname, '..');
const platform = process.argv.includes('--win') ? 'win32' : 'linux';
const { outDir, builderArgs } = {
  linux: {
    outDir: 'dist/linux-unpacked',
    builderArgs: ['--linux', 'dir', '-c.afterPack=scripts/pack/desktop-entry-preview.cjs'],
  },
  // The stand-in is no real PE: rcedit (icon, version strings) and signing cannot run on it.
  win32: { outDir: 'dist/win-unpacked', builderArgs: ['--win', 'dir', '-c.win.signAndEditExecutable=false'] },
}[platform];
const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')).version;

function run(command, args, env = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0) {
    console.error(`pack:check: ${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
    process.exit(1);
  }
}

if (!existsSync(join(root, 'out/main/electron-main.js'))) {
  console.error('pack:check: out/ is missing: run `npx electron-vite build` first');
  process.exit(1);
}
if (!existsSync(join(root, 'build/icons/256x256.png'))) {
  console.error('pack:check: build/icons is missing: run `npm run icons` first');
  process.exit(1);
}
if (platform === 'win32' && !existsSync(join(root, 'node_modules/@koromix/koffi-win32-x64'))) {
  console.error("pack:check --win: koffi's win32 binary is not installed: run `npm run pack:check:win`");
  process.exit(1);
}

const electronDist = makeStandInElectron(electronVersion, platform);
try {
  rmSync(join(root, outDir), { recursive: true, force: true });
  run('npx', [
    'electron-builder',
    ...builderArgs,
    '--publish',
    'never',
    `-c.electronDist=${electronDist}`,
    `-c.electronVersion=${electronVersion}`,
    '-c.npmRebuild=false',
  ]);
} finally {
  rmSync(electronDist, { recursive: true, force: true });
}
run('npx', ['vitest', 'run', '--project', 'pack'], {
  SOCKSCOPE_PACK_DIR: join(root, outDir),
  SOCKSCOPE_PACK_PLATFORM: platform,
});
