import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS, loadSettings, parseSettings, saveSettings, SETTINGS_KEY, type Settings } from './settings';

const memory = () => {
  const items = new Map<string, string>();
  return { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v) };
};

describe('settings', () => {
  it('round-trips everything it stores', () => {
    const settings: Settings = {
      columns: [
        { colId: 'process', hide: false, width: 180, sort: 'asc', sortIndex: 0 },
        { colId: 'rttMs', hide: true },
      ],
      intervalMs: 2000,
      resolveNames: false,
      filter: { ...DEFAULT_SETTINGS.filter, states: ['LISTEN'], hideLoopback: true, process: { pid: 7, name: 'nginx' } },
      panelWidth: 500,
      theme: 'light',
    };
    const storage = memory();
    saveSettings(storage, settings);
    expect(loadSettings(storage)).toEqual(settings);
  });

  it('drops only what no longer parses, and says so once', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const storage = memory();
    storage.setItem(
      SETTINGS_KEY,
      JSON.stringify({ theme: 'neon', intervalMs: 5, panelWidth: 333, filter: { states: ['BOGUS'] } }),
    );
    const settings = loadSettings(storage);
    expect(settings).toEqual({ ...DEFAULT_SETTINGS, panelWidth: 333 });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0][0])).toMatch(/intervalMs, filter, theme/);
    warn.mockRestore();
  });

  it('takes the defaults from nothing, and from something that is not JSON', () => {
    expect(parseSettings(null)).toEqual({ settings: DEFAULT_SETTINGS, dropped: [] });
    expect(parseSettings('{oops')).toEqual({ settings: DEFAULT_SETTINGS, dropped: ['all (not JSON)'] });
    expect(parseSettings('[]').dropped).toEqual(['all (not an object)']);
  });
});
