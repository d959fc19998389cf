import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { MENU_COMMANDS, type MenuCommand } from '../common/contract/messages';
import { aboutText, acceleratorOf, menuTemplate } from './app-menu';

/** Every item of the template, depth first, with the menu it is in. */
function itemsOf(template: MenuItemConstructorOptions[], menu = ''): Array<MenuItemConstructorOptions & { menu: string }> {
  return template.flatMap((entry) => {
    const submenu = Array.isArray(entry.submenu) ? itemsOf(entry.submenu, entry.label ?? menu) : [];
    return [{ ...entry, menu }, ...submenu];
  });
}

function built(platform: NodeJS.Platform = 'linux') {
  const sent: MenuCommand[] = [];
  let abouts = 0;
  const template = menuTemplate({ send: (c) => sent.push(c), about: () => abouts++ }, platform);
  const items = itemsOf(template);
  const click = (id: string) => {
    const item = items.find((i) => i.id === id);
    if (!item?.click) throw new Error(`no item ${id}`);
    (item.click as () => void)();
  };
  return { template, items, sent, click, abouts: () => abouts };
}

describe('the application menu', () => {
  it('has every menu command, in the menu the issue puts it in, each sending its own command', () => {
    const { items, sent, click } = built();
    const where = Object.fromEntries(items.filter((i) => i.id).map((i) => [i.id, `${i.menu} → ${i.label}`]));
    expect(where).toEqual({
      copy: 'Edit → Copy',
      find: 'Edit → Find',
      resolveAddresses: 'View → Resolve addresses',
      pause: 'View → Pause / resume',
      refreshNow: 'View → Refresh now',
      closeConnection: 'Connection → Close connection…',
      endProcess: 'Connection → End process…',
      processDetails: 'Connection → Process details',
      keyboardShortcuts: 'Help → Keyboard shortcuts',
      about: 'Help → About Sockscope',
    });
    for (const command of MENU_COMMANDS) click(command);
    expect(sent).toEqual([...MENU_COMMANDS]);
  });

  it('shows the renderer’s own keys as accelerators, without registering them', () => {
    const { items } = built();
    const keys = Object.fromEntries(items.filter((i) => i.accelerator).map((i) => [i.id, i.accelerator]));
    // The keys the ? list shows (renderer/src/app/shortcuts.ts), in Electron's spelling.
    expect(keys).toEqual({
      copy: 'CmdOrCtrl+C',
      find: 'CmdOrCtrl+F',
      pause: 'Space',
      refreshNow: 'F5',
      closeConnection: 'Delete',
      processDetails: 'Enter',
      keyboardShortcuts: '?',
    });
    // Registered, Space or Delete would fire the command while the user types in the filter.
    for (const item of items.filter((i) => i.accelerator)) expect(item.registerAccelerator).toBe(false);
  });

  it('opens the About box from Help, not through the window', () => {
    const { click, sent, abouts } = built();
    click('about');
    expect(abouts()).toBe(1);
    expect(sent).toEqual([]);
  });

  it('puts Quit in File on Linux and Windows, in the app menu on macOS', () => {
    expect(built('linux').template.map((m) => m.label)).toEqual(['File', 'Edit', 'View', 'Connection', 'Help']);
    expect(built('win32').items.some((i) => i.menu === 'File' && i.role === 'quit')).toBe(true);
    const mac = built('darwin');
    expect(mac.template.map((m) => m.label)).toEqual(['Sockscope', 'Edit', 'View', 'Connection', 'Help']);
    expect(mac.items.some((i) => i.menu === 'Sockscope' && i.role === 'quit')).toBe(true);
  });
});

describe('acceleratorOf', () => {
  it('takes the first alternative and spells Ctrl as CmdOrCtrl', () => {
    expect(acceleratorOf('F5 / Ctrl+R')).toBe('F5');
    expect(acceleratorOf('Ctrl+F')).toBe('CmdOrCtrl+F');
    expect(acceleratorOf('Delete')).toBe('Delete');
    expect(acceleratorOf(null)).toBeNull();
  });
});

describe('aboutText', () => {
  it('names the versions of Sockscope, Electron, Chromium and Node.js', () => {
    expect(aboutText('0.9.0', { node: '22.20.0', electron: '41.7.1', chrome: '146.0.7680.0' })).toEqual({
      title: 'About Sockscope',
      message: 'Sockscope 0.9.0',
      detail: 'Electron 41.7.1\nChromium 146.0.7680.0\nNode.js 22.20.0',
    });
  });
});
