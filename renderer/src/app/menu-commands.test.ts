import { afterEach, describe, expect, it, vi } from 'vitest';
import { encodeJson, MENU_COMMANDS, type MenuCommand, type MenuCommandMessage } from '../../../main/common/contract/messages';
import type { PushListener } from '../../../main/common/contract/requests';
import { createUiStore } from '../state/ui-store';
import type { AppServices } from './app-context';
import { installMenuCommands, runMenuCommand } from './menu-commands';

/** The services a menu command reaches, each recording what it was asked. */
function fakeApp() {
  const calls: string[] = [];
  const store = createUiStore({ viewPaused: false, selection: { id: 'c7', pid: 42 } });
  const row = { id: 'c7', row: { pid: 42 } };
  const services = {
    store,
    feed: {
      pollNow: async () => void calls.push('pollNow'),
      setPaused: (paused: boolean) => void calls.push(`setPaused ${paused}`),
      setResolveNames: async (resolve: boolean) => void calls.push(`setResolveNames ${resolve}`),
    },
    settings: { rememberResolveNames: (resolve: boolean) => void calls.push(`rememberResolveNames ${resolve}`) },
    grid: { selectedRows: () => [row], rowsAsText: () => 'Process\tPID\nnc\t42' },
    rowActions: {
      closeSelected: () => void calls.push('closeSelected'),
      endSelected: () => void calls.push('endSelected'),
    },
  };
  const filter = { focus: () => void calls.push('focus filter'), select: () => void calls.push('select filter') };
  const doc = { querySelector: (selector: string) => (selector === '[data-testid="quick-filter"]' ? filter : null) };
  // Only the parts the commands use are faked: the rest of AppServices is never reached.
  return { calls, store, services: services as unknown as AppServices, doc: doc as unknown as Pick<Document, 'querySelector'> };
}

afterEach(() => vi.unstubAllGlobals());

describe('runMenuCommand', () => {
  it.each<[MenuCommand, string[]]>([
    ['pause', ['setPaused true']],
    ['refreshNow', ['pollNow']],
    ['find', ['focus filter', 'select filter']],
    ['closeConnection', ['closeSelected']],
    ['endProcess', ['endSelected']],
  ])('%s runs what its key or button runs', (command, expected) => {
    const { calls, services, doc } = fakeApp();
    runMenuCommand(command, services, doc);
    expect(calls).toEqual(expected);
  });

  it('resolveAddresses turns resolving off where it is on, and remembers it', () => {
    const { calls, services, doc, store } = fakeApp();
    store.setState({ status: { resolveNames: true } as never });
    runMenuCommand('resolveAddresses', services, doc);
    expect(calls).toEqual(['rememberResolveNames false', 'setResolveNames false']);
  });

  it('processDetails opens the selected row’s process; keyboardShortcuts opens the list of keys', () => {
    const { services, doc, store } = fakeApp();
    runMenuCommand('processDetails', services, doc);
    expect(store.getState().drilldownPid).toBe(42);
    runMenuCommand('keyboardShortcuts', services, doc);
    expect(store.getState().overlay).toEqual({ kind: 'shortcuts' });
  });

  it('copy writes the selected rows to the clipboard and says so', async () => {
    const written: string[] = [];
    vi.stubGlobal('navigator', { clipboard: { writeText: async (text: string) => void written.push(text) } });
    const { services, doc, store } = fakeApp();
    runMenuCommand('copy', services, doc);
    await vi.waitFor(() => expect(store.getState().notice).toBe('Copied 1 row'));
    expect(written).toEqual(['Process\tPID\nnc\t42']);
  });
});

describe('installMenuCommands', () => {
  it('runs each pushed command, and warns in one line about one not in the list, running nothing', () => {
    const { calls, services, doc } = fakeApp();
    let push: PushListener<'menuCommand'> = () => undefined;
    const warnings: string[] = [];
    installMenuCommands({ onMenuCommand: (listener) => ((push = listener), () => undefined) }, services, doc, (line) =>
      warnings.push(line),
    );
    push(encodeJson<MenuCommandMessage>({ type: 'menuCommand', command: 'refreshNow' }));
    push('{"type":"menuCommand","command":"reload"}');
    push('not json');
    expect(calls).toEqual(['pollNow']);
    expect(warnings).toEqual([
      `sockscope: invalid menuCommand message: command must be one of ${MENU_COMMANDS.join(', ')}, got "reload"`,
      'sockscope: invalid menuCommand message: not JSON',
    ]);
  });
});
