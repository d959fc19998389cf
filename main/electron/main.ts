/**
 * The Electron shell: one locked-down window over the same monitor and contract the web shell uses.
 * Follows Electron's security checklist: context isolation, sandbox, no Node in the renderer,
 * the UI from app:// (not file://) with a strict CSP, no navigation or new windows, validated IPC
 * from our own frame only. Thin: what can be tested without Electron is in the modules it uses.
 */
import { readFileSync, readlinkSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { app, BrowserWindow, dialog, Menu, protocol, screen, session } from 'electron';
import { errorMessage } from '../common/errors';
import { MonitorHost } from '../monitor/monitor-host';
import type { HistoryOptions } from '../monitor/history/recorder-protocol';
import { historyOptionsFrom, RECORDING_FLAGS } from '../cli/options';
import { Fanout } from '../transport/fanout';
import { aboutText, menuTemplate } from './app-menu';
import { APP_INDEX_URL, APP_SCHEME, appProtocolHandler, isAppUrl } from './app-protocol';
import { ElevationService, replaceEarlierCopy, replacedPid } from './elevation';
import { IpcTransport } from './ipc-transport';
import { findOnPath, launchDetached } from './os-launcher';
import { loadWindowState, MIN_SIZE, WINDOW_STATE_FILE, WindowStateSaver } from './window-state';

// Before ready: app:// is a standard scheme (relative URLs, an origin of its own) and secure (like https).
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true } }]);
app.enableSandbox();

/** The desktop app records the history as `serve` does: `--no-history`, `--data-dir`, `--keep-days`, `--max-size` on its command line. */
function historyOptions(argv: string[]): HistoryOptions | null {
  // Not strict: Electron's and Chromium's own switches are on the command line too.
  const { values } = parseArgs({
    args: argv,
    options: { 'no-history': { type: 'boolean' }, ...RECORDING_FLAGS },
    strict: false,
    allowPositionals: true,
  });
  const text = (v: string | boolean | undefined) => (typeof v === 'string' ? v : undefined);
  if (values['no-history'] === true) return null;
  return historyOptionsFrom('desktop app', {
    'data-dir': text(values['data-dir']),
    'keep-days': text(values['keep-days']),
    'max-size': text(values['max-size']),
  });
}

async function start(): Promise<void> {
  await app.whenReady();
  const rendererDir = path.join(__dirname, '..', 'renderer');
  // The UI and its CSP header come from out/renderer through app:// only (no file:// page).
  protocol.handle(APP_SCHEME, appProtocolHandler(rendererDir));
  // Copy writes to the clipboard (navigator.clipboard.writeText); nothing else is granted.
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) =>
    callback(permission === 'clipboard-sanitized-write'),
  );

  const fanout = new Fanout();
  const host = await MonitorHost.start(fanout, { history: historyOptions(process.argv.slice(1)) });
  const stateFile = path.join(app.getPath('userData'), WINDOW_STATE_FILE);
  const warn = (line: string) => console.warn(line);
  const initial = loadWindowState(() => readIfThere(stateFile), screen, warn);
  const window = new BrowserWindow({
    ...(initial.bounds ?? {}),
    width: initial.width,
    height: initial.height,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    show: false,
    title: 'Sockscope',
    backgroundColor: '#0f1419',
    webPreferences: {
      preload: path.join(__dirname, '..', 'preload', 'preload.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
      // DevTools for development only: a packaged app gives no console into the renderer.
      devTools: !app.isPackaged,
    },
  });
  // One app, one monitor, one recorder: a second launch brings this window forward instead.
  app.on('second-instance', () => {
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  const saver = new WindowStateSaver((text) => writeAtomically(stateFile, text), warn);
  const saveState = () => saver.schedule({ bounds: window.getNormalBounds(), maximized: window.isMaximized() });
  window.on('resize', saveState);
  window.on('move', saveState);
  window.on('maximize', saveState);
  window.on('unmaximize', saveState);
  window.on('close', () => {
    saveState();
    saver.flush();
  });
  window.once('ready-to-show', () => {
    if (initial.maximized) window.maximize();
    window.show();
    replacePredecessor();
  });

  const elevation = new ElevationService({
    platform: process.platform,
    execPath: process.execPath,
    // Unpacked, argv[1] is the main script: made absolute, since the elevated copy starts elsewhere.
    args: app.isPackaged ? process.argv.slice(1) : [path.resolve(process.argv[1] ?? '.'), ...process.argv.slice(2)],
    pid: process.pid,
    env: process.env,
    findOnPath: (name) => findOnPath(name),
    launch: launchDetached,
    releaseLock: () => app.releaseSingleInstanceLock(),
    reacquireLock: () => void app.requestSingleInstanceLock(),
    quit: () => app.quit(),
  });
  const transport = new IpcTransport(window.webContents, host, elevation);
  const detach = fanout.attach(transport);
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      menuTemplate(
        {
          send: (command) => transport.menuCommand(command),
          about: () =>
            void dialog.showMessageBox(window, {
              type: 'info',
              buttons: ['OK'],
              ...aboutText(app.getVersion(), process.versions),
            }),
        },
        process.platform,
      ),
    ),
  );

  // The UI links nowhere: no new windows, no handing URLs to the OS, no page but our own.
  window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  window.webContents.on('will-navigate', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  window.on('closed', () => {
    detach();
    transport.dispose();
  });
  app.on('window-all-closed', () => {
    void host.stop().finally(() => app.quit());
  });
  await window.loadURL(APP_INDEX_URL);
}

/** The file's text, or null where there is none yet (first launch). */
function readIfThere(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** Written whole or not at all: a crash mid-write leaves the old file. */
function writeAtomically(file: string, text: string): void {
  const temporary = `${file}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, file);
}

/** Started elevated to replace another copy (see elevation.ts): that copy is asked to quit. */
function replacePredecessor(): void {
  const pid = replacedPid(process.argv);
  if (pid === null) return;
  replaceEarlierCopy(pid, {
    platform: process.platform,
    execPath: process.execPath,
    executableOf: (p) => readlinkSync(`/proc/${p}/exe`),
    kill: (p, signal) => process.kill(p, signal),
  });
}

// The elevated copy that replaces this one asks it to quit (elevation.ts): a normal quit, history closed.
process.on('SIGTERM', () => app.quit());

if (!app.requestSingleInstanceLock()) {
  // Another Sockscope runs: it has been told (second-instance) and shows its window.
  app.quit();
} else {
  start().catch((err: unknown) => {
    console.error(`sockscope: ${errorMessage(err)}`);
    app.exit(1);
  });
}
