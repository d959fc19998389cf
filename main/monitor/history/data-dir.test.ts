import { describe, expect, it } from 'vitest';
import { defaultDataDir } from './data-dir';

describe('the default data directory', () => {
  it.each<[NodeJS.Platform, NodeJS.ProcessEnv, string, string]>([
    ['linux', { XDG_DATA_HOME: '/data' }, '/home/a', '/data/sockscope'],
    ['linux', {}, '/home/a', '/home/a/.local/share/sockscope'],
    // The XDG spec: a relative path is to be ignored.
    ['linux', { XDG_DATA_HOME: 'relative' }, '/home/a', '/home/a/.local/share/sockscope'],
    ['darwin', { XDG_DATA_HOME: '/data' }, '/Users/a', '/Users/a/Library/Application Support/Sockscope'],
    ['win32', { LOCALAPPDATA: 'C:\\Users\\a\\AppData\\Local' }, 'C:\\Users\\a', 'C:\\Users\\a\\AppData\\Local\\Sockscope'],
    ['win32', {}, 'C:\\Users\\a', 'C:\\Users\\a\\AppData\\Local\\Sockscope'],
  ])('on %s with %j', (platform, env, home, expected) => {
    expect(defaultDataDir(platform, env, home)).toBe(expected);
  });
});
