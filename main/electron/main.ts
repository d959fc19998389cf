/**
 * The Electron shell: one locked-down window over the same monitor and contract the web shell uses.
 * Follows Electron's security checklist: context isolation, sandbox, no Node in the renderer,
 * a strict CSP, no navigation or new windows, validated IPC from our own frame only.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { app, BrowserWindow, session } from 'electron';
import { errorMessage } from '../common/errors';
import { MonitorHost } from '../monitor/monitor-host';
import type { HistoryOptions } from '../monitor/history/recorder-protocol';
import { historyOptionsFrom, RECORDING_FLAGS } from '../cli/options';
import { Fanout } from '../transport/fanout';
import { IpcTransport } from './ipc-transport';

const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'", // AG Grid injects its theme as <style> elements
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

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
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } });
  });
  // Copy writes to the clipboard (navigator.clipboard.writeText); nothing else is granted.
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) =>
    callback(permission === 'clipboard-sanitized-write'),
  );

  const fanout = new Fanout();
  const host = await MonitorHost.start(fanout, { history: historyOptions(process.argv.slice(1)) });
  const rendererDir = path.join(__dirname, '..', 'renderer');
  const window = new BrowserWindow({
    width: 1400,
    height: 860,
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
  // The trailing slash: only files inside out/renderer, not a sibling folder starting the same.
  const transport = new IpcTransport(window.webContents, host, `${pathToFileURL(rendererDir).href}/`);
  const detach = fanout.attach(transport);

  // The UI links nowhere: no new windows, no handing URLs to the OS.
  window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  window.webContents.on('will-navigate', (event) => event.preventDefault());
  window.on('closed', () => {
    detach();
    transport.dispose();
  });
  app.on('window-all-closed', () => {
    void host.stop().finally(() => app.quit());
  });
  await window.loadFile(path.join(rendererDir, 'index.html'));
}

if (!app.requestSingleInstanceLock()) {
  // Another Sockscope runs: it has been told (second-instance) and shows its window.
  app.quit();
} else {
  start().catch((err: unknown) => {
    console.error(`sockscope: ${errorMessage(err)}`);
    app.exit(1);
  });
}
