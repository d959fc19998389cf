import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..');
const eslint = new ESLint({ cwd: root });
const LAYER_RULES = ['import-x/no-restricted-paths', '@typescript-eslint/no-restricted-imports'];

/** The messages of the rules `ruleIds` that ESLint gives `code` placed at `file`. */
async function ruleErrors(ruleIds: string[], file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result.messages.filter((m) => m.ruleId !== null && ruleIds.includes(m.ruleId)).map((m) => m.message);
}

/** The layer-rule messages ESLint gives `code` placed at `file`. */
function layerErrors(file: string, code: string): Promise<string[]> {
  return ruleErrors(LAYER_RULES, file, code);
}

describe('layer rules', () => {
  it.each([
    // main/common: imports only main/common, no Node, no Electron.
    ['main/common/x.ts', "import fs from 'node:fs'; export const x = fs;"],
    ['main/common/x.ts', "import { app } from 'electron'; export const x = app;"],
    ['main/common/x.ts', "import { Monitor } from '../monitor/monitor'; export const x = Monitor;"],
    ['main/common/contract/x.ts', "import type { Fanout } from '../../transport/fanout'; export type X = Fanout;"],
    ['main/common/x.ts', "import { createDataSource } from '../../native-bridge'; export const x = createDataSource;"],
    // native-bridge: the bottom layer; of main, only main/common.
    ['native-bridge/x.ts', "import { Monitor } from '../main/monitor/monitor'; export const x = Monitor;"],
    ['native-bridge/linux/x.ts', "import { BrowserWindow } from 'electron'; export const x = BrowserWindow;"],
    // Plain-Node layers: never the Electron shell or the UI.
    ['main/monitor/x.ts', "import { app } from 'electron'; export const x = app;"],
    ['main/server/x.ts', "import { app } from 'electron'; export const x = app;"],
    ['main/cli/commands/x.ts', "import { IpcTransport } from '../../electron/ipc-transport'; export const x = IpcTransport;"],
    ['main/monitor/x.ts', "import { IpcTransport } from '../electron/ipc-transport'; export const x = IpcTransport;"],
    ['main/transport/x.ts', "import { App } from '../../renderer/src/components/App'; export const x = App;"],
    ['main/electron/x.ts', "import { ipcMain } from 'electron'; export const x = ipcMain;"],
    // The renderer: main/common only, not even types from elsewhere; no Node, no Electron.
    ['renderer/src/x.ts', "import { Monitor } from '../../main/monitor/monitor'; export const x = Monitor;"],
    ['renderer/src/x.ts', "import type { Monitor } from '../../main/monitor/monitor'; export type X = Monitor;"],
    ['renderer/src/x.ts', "import { createDataSource } from '../../native-bridge'; export const x = createDataSource;"],
    ['renderer/src/x.ts', "import fs from 'node:fs'; export const x = fs;"],
    ['renderer/src/x.ts', "import { ipcRenderer } from 'electron'; export const x = ipcRenderer;"],
    // The preload: electron and main/common.
    ['preload/x.ts', "import { Monitor } from '../main/monitor/monitor'; export const x = Monitor;"],
    ['preload/x.ts', "import { App } from '../renderer/src/components/App'; export const x = App;"],
  ])('refuses what %s may not import: %s', async (file, code) => {
    expect(await layerErrors(file, code)).toHaveLength(1);
  });

  it.each([
    ['renderer/src/x.ts', "import { decodeJson } from '../../main/common/contract/messages'; export const x = decodeJson;"],
    ['renderer/src/x.ts', "import { TCP_STATES } from '../../main/common/types'; export const x = TCP_STATES;"],
    [
      'native-bridge/linux/x.ts',
      "import { AddressTextCache } from '../../main/common/address-format'; export const x = AddressTextCache;",
    ],
    ['preload/x.ts', "import { sockscopeApi } from '../main/common/contract/requests'; export const x = sockscopeApi;"],
    ['main/common/contract/x.ts', "import { TCP_STATES } from '../types'; export const x = TCP_STATES;"],
    ['main/electron/ipc-transport.ts', "import { ipcMain } from 'electron'; export const x = ipcMain;"],
    ['main/monitor/x.ts', "import { Differ } from './differ'; export const x = Differ;"],
    ['main/transport/x.ts', "import type { PushSink } from '../common/contract/monitor-port'; export type X = PushSink;"],
  ])('allows what %s may import: %s', async (file, code) => {
    expect(await layerErrors(file, code)).toEqual([]);
  });
});

describe('modules the scan worker runs from their source text', () => {
  const loop = 'native-bridge/linux/fd-scan/scan-loop.ts';
  it.each([
    [loop, "import { SCAN_LAYOUT } from './scan-state'; export function f(): number { return SCAN_LAYOUT.STOP; }"],
    [loop, "import fs from 'node:fs'; export function f(): boolean { return fs.existsSync('/'); }"],
    [loop, "export function f(): unknown { return require('node:fs'); }"],
    [loop, "export function f(): Promise<unknown> { return import('node:fs'); }"],
    [loop, 'const CHUNK = 256; export function f(): number { return CHUNK; }'],
    [
      'native-bridge/linux/fd-scan/pair-writer.ts',
      "import { CHANNEL_LAYOUT } from './pair-channel'; export function f(): number { return CHANNEL_LAYOUT.DONE; }",
    ],
  ])('refuse what %s would take from its module: %s', async (file, code) => {
    expect(await ruleErrors(['no-restricted-syntax'], file, code)).toHaveLength(1);
  });

  it('allow them type imports (erased, so nothing is missing in the worker)', async () => {
    const code =
      "import type { ScanLayout } from './scan-state'; export function f(layout: ScanLayout): number { return layout.STOP; }";
    expect(await ruleErrors(['no-restricted-syntax'], loop, code)).toEqual([]);
  });
});
