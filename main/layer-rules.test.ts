import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..');
const eslint = new ESLint({ cwd: root });
const LAYER_RULES = ['import-x/no-restricted-paths', '@typescript-eslint/no-restricted-imports'];

/** The layer-rule messages ESLint gives `code` placed at `file`. */
async function layerErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result.messages.filter((m) => m.ruleId !== null && LAYER_RULES.includes(m.ruleId)).map((m) => m.message);
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
