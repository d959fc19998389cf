import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..');
const eslint = new ESLint({ cwd: root });

/** The messages of rule `ruleId` that ESLint gives `code` placed at `file`. */
async function ruleErrors(ruleId: string, file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result.messages.filter((m) => m.ruleId === ruleId).map((m) => m.message);
}

/** The restricted-import messages ESLint gives `code` placed at `file`. */
function layerErrors(file: string, code: string): Promise<string[]> {
  return ruleErrors('@typescript-eslint/no-restricted-imports', file, code);
}

describe('layer rules', () => {
  it.each([
    ['renderer/src/x.ts', "import { Monitor } from '../../main/monitor/monitor'; export const x = Monitor;"],
    ['renderer/src/x.ts', "import fs from 'node:fs'; export const x = fs;"],
    ['renderer/src/x.ts', "import { ipcRenderer } from 'electron'; export const x = ipcRenderer;"],
    ['main/monitor/x.ts', "import { app } from 'electron'; export const x = app;"],
    ['main/server/x.ts', "import { app } from 'electron'; export const x = app;"],
    ['main/cli/commands/x.ts', "import { IpcTransport } from '../../electron/ipc-transport'; export const x = IpcTransport;"],
    ['main/monitor/x.ts', "import { IpcTransport } from '../electron/ipc-transport'; export const x = IpcTransport;"],
    ['native-bridge/x.ts', "import { Monitor } from '../main/monitor/monitor'; export const x = Monitor;"],
    ['native-bridge/linux/x.ts', "import { BrowserWindow } from 'electron'; export const x = BrowserWindow;"],
    ['main/electron/x.ts', "import { ipcMain } from 'electron'; export const x = ipcMain;"],
    ['main/contract/x.ts', "import fs from 'node:fs'; export const x = fs;"],
    ['preload/x.ts', "import { Monitor } from '../main/monitor/monitor'; export const x = Monitor;"],
  ])('refuses what %s may not import: %s', async (file, code) => {
    expect(await layerErrors(file, code)).toHaveLength(1);
  });

  it.each([
    ['renderer/src/x.ts', "import { decodeJson } from '../../main/contract/messages'; export const x = decodeJson;"],
    ['renderer/src/x.ts', "import { TCP_STATES } from '../../native-bridge/types'; export const x = TCP_STATES;"],
    ['renderer/src/x.ts', "import type { Monitor } from '../../main/monitor/monitor'; export type X = Monitor;"],
    ['main/electron/ipc-transport.ts', "import { ipcMain } from 'electron'; export const x = ipcMain;"],
    ['main/monitor/x.ts', "import { Differ } from './differ'; export const x = Differ;"],
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
    ['native-bridge/linux/fd-scan/pair-writer.ts', "import { CHANNEL_LAYOUT } from './pair-channel'; export function f(): number { return CHANNEL_LAYOUT.DONE; }"],
  ])('refuse what %s would take from its module: %s', async (file, code) => {
    expect(await ruleErrors('no-restricted-syntax', file, code)).toHaveLength(1);
  });

  it('allow them type imports (erased, so nothing is missing in the worker)', async () => {
    const code = "import type { ScanLayout } from './scan-state'; export function f(layout: ScanLayout): number { return layout.STOP; }";
    expect(await ruleErrors('no-restricted-syntax', loop, code)).toEqual([]);
  });
});
