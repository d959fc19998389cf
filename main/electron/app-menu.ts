/**
 * The application menu: the renderer's "act on what you see" features, each sent to the window
 * as a menuCommand push, plus About. A pure template (Electron's `Menu.buildFromTemplate` takes it
 * in main.ts), so every item and accelerator is tested without Electron.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../common/contract/messages';
import { COMMAND_INFO } from '../common/menu-commands';

export interface MenuActions {
  /** Pushes the command to the window, whose own code for that key or button runs it. */
  send(command: MenuCommand): void;
  /** The About box (Sockscope, Electron, Chromium and Node versions). */
  about(): void;
}

/**
 * The renderer's key as an Electron accelerator: the first alternative, `Ctrl` as CmdOrCtrl
 * (the renderer takes ⌘ for Ctrl on macOS too). Null where the command has no key.
 */
export function acceleratorOf(keys: string | null): string | null {
  if (keys === null) return null;
  const [first] = keys.split(' / ');
  return first.replace(/^Ctrl\+/, 'CmdOrCtrl+');
}

function commandItem(command: MenuCommand, actions: MenuActions): MenuItemConstructorOptions {
  const { label, keys } = COMMAND_INFO[command];
  const accelerator = acceleratorOf(keys);
  return {
    id: command,
    label,
    click: () => actions.send(command),
    // Shown, not registered: the renderer handles its own keys, where it knows whether the grid
    // has the focus or the user is typing (Space, Delete, Ctrl+C in the filter stay the field's).
    ...(accelerator === null ? {} : { accelerator, registerAccelerator: false }),
  };
}

export function menuTemplate(actions: MenuActions, platform: NodeJS.Platform): MenuItemConstructorOptions[] {
  const item = (command: MenuCommand) => commandItem(command, actions);
  const appMenu: MenuItemConstructorOptions[] =
    platform === 'darwin' ? [{ label: 'Sockscope', submenu: [{ role: 'about' }, { type: 'separator' }, { role: 'quit' }] }] : [];
  return [
    ...appMenu,
    ...(platform === 'darwin' ? [] : [{ label: 'File', submenu: [{ role: 'quit' as const }] }]),
    { label: 'Edit', submenu: [item('copy'), item('find')] },
    { label: 'View', submenu: [item('resolveAddresses'), item('pause'), item('refreshNow')] },
    { label: 'Connection', submenu: [item('closeConnection'), item('endProcess'), item('processDetails')] },
    {
      label: 'Help',
      role: 'help',
      submenu: [
        item('keyboardShortcuts'),
        { type: 'separator' },
        { id: 'about', label: 'About Sockscope', click: actions.about },
      ],
    },
  ];
}

/** The About box's text: which versions this is. */
export function aboutText(
  appVersion: string,
  versions: Pick<NodeJS.ProcessVersions, 'node'> & { electron?: string; chrome?: string },
): { title: string; message: string; detail: string } {
  return {
    title: 'About Sockscope',
    message: `Sockscope ${appVersion}`,
    detail: [
      `Electron ${versions.electron ?? 'unknown'}`,
      `Chromium ${versions.chrome ?? 'unknown'}`,
      `Node.js ${versions.node}`,
    ].join('\n'),
  };
}
