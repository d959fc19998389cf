// The restart paths cannot run here (no UAC, no polkit agent, no Electron binary): they are
// checked against a fake host that records what would be launched and answers as the OS would.
import { describe, expect, it } from 'vitest';
import { ActionError } from '../common/errors';
import {
  ElevationService,
  replaceEarlierCopy,
  replacedPid,
  windowsArgument,
  type ElevationHost,
  type LauncherExit,
} from './elevation';

function fakeHost(over: Partial<ElevationHost> & { exit?: LauncherExit | Error } = {}) {
  const log: string[] = [];
  const launched: Array<{ command: string; args: readonly string[] }> = [];
  const { exit = { code: 0, stderr: '' }, ...rest } = over;
  const host: ElevationHost = {
    platform: 'linux',
    execPath: '/opt/Sockscope/sockscope',
    args: ['--data-dir', '/home/ann/trace'],
    pid: 4242,
    env: { DISPLAY: ':0', XAUTHORITY: '/home/ann/.Xauthority', HOME: '/home/ann', PATH: '/usr/bin' },
    findOnPath: (name) => (name === 'pkexec' ? '/usr/bin/pkexec' : null),
    launch: async (command, args) => {
      launched.push({ command, args });
      log.push('launch');
      if (exit instanceof Error) throw exit;
      return exit;
    },
    releaseLock: () => log.push('release'),
    reacquireLock: () => log.push('reacquire'),
    quit: () => log.push('quit'),
    ...rest,
  };
  return { host, log, launched, service: new ElevationService(host) };
}

const refusalOf = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (e: Error) => e,
  );

describe('the offer', () => {
  it('says what more it will show, on Windows and on Linux', () => {
    expect(fakeHost({ platform: 'win32' }).service.offer()).toMatchObject({
      label: 'Restart as administrator',
      gain: expect.stringContaining("every connection's process, user and module"),
      refusal: null,
    });
    expect(fakeHost().service.offer()).toMatchObject({
      label: 'Restart as root',
      gain: expect.stringContaining("the process of every socket, other users' too"),
      refusal: null,
    });
  });

  it('is refused with one line where pkexec is not on PATH, and nothing is launched', async () => {
    const { service, launched, log } = fakeHost({ findOnPath: () => null });
    expect(service.offer().refusal).toBe(
      'pkexec is not installed (Debian, Ubuntu: apt install pkexec): start Sockscope as root yourself instead',
    );
    const refused = await refusalOf(service.restart());
    expect(refused).toBeInstanceOf(ActionError);
    expect(refused?.message).toBe(service.offer().refusal);
    expect(launched).toEqual([]);
    expect(log).toEqual([]);
  });

  it('is refused on an OS it does not know how to elevate on', () => {
    expect(fakeHost({ platform: 'darwin' }).service.offer().refusal).toBe(
      'not available on darwin: start Sockscope with sudo instead',
    );
  });
});

describe('Windows: Start-Process -Verb RunAs', () => {
  it('starts the same executable elevated, with its options and the pid it replaces, then quits', async () => {
    const { service, launched, log } = fakeHost({
      platform: 'win32',
      execPath: 'C:\\Program Files\\Sockscope\\Sockscope.exe',
      args: ['--data-dir', "C:\\Users\\O'Neil\\trace dir\\"],
      env: { SystemRoot: 'C:\\WINDOWS' },
    });
    await expect(service.restart()).resolves.toEqual({ started: true });
    expect(launched).toEqual([
      {
        command: 'C:\\WINDOWS\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
        args: [
          '-NoProfile',
          '-NonInteractive',
          '-Command',
          "Start-Process -FilePath 'C:\\Program Files\\Sockscope\\Sockscope.exe' -Verb RunAs -ArgumentList " +
            `'--data-dir "C:\\Users\\O''Neil\\trace dir\\\\" --replaces=4242'`,
        ],
      },
    ]);
    // The lock goes first, or the elevated copy would find this one and hand over to it.
    expect(log).toEqual(['release', 'launch', 'quit']);
  });

  it('says the prompt was declined, takes the lock back and stays', async () => {
    const { service, log } = fakeHost({
      platform: 'win32',
      exit: {
        code: 1,
        stderr:
          'Start-Process : This command cannot be run due to the error: The operation was canceled by the user.\r\nAt line:1 char:1',
      },
    });
    const refused = await refusalOf(service.restart());
    expect(refused).toBeInstanceOf(ActionError);
    expect(refused?.message).toBe('the administrator prompt was declined');
    expect(log).toEqual(['release', 'launch', 'reacquire']);
  });

  it('names any other failure in one line', async () => {
    const { service } = fakeHost({
      platform: 'win32',
      exit: { code: 1, stderr: '\r\nStart-Process : access is denied\r\nAt line:1' },
    });
    expect((await refusalOf(service.restart()))?.message).toBe('Windows did not start it (Start-Process : access is denied)');
    const silent = fakeHost({ platform: 'win32', exit: { code: 5, stderr: '' } }).service;
    expect((await refusalOf(silent.restart()))?.message).toBe('Windows did not start it (PowerShell exit code 5)');
  });
});

describe('Linux: pkexec', () => {
  it('runs the same executable as root with the display it needs, its options, --no-sandbox and --replaces', async () => {
    const { service, launched } = fakeHost({ exit: { code: 126, stderr: '' } });
    await refusalOf(service.restart());
    expect(launched).toEqual([
      {
        command: '/usr/bin/pkexec',
        args: [
          '/usr/bin/env',
          'DISPLAY=:0',
          'XAUTHORITY=/home/ann/.Xauthority',
          '/opt/Sockscope/sockscope',
          '--data-dir',
          '/home/ann/trace',
          '--replaces=4242',
          '--no-sandbox',
        ],
      },
    ]);
  });

  it.each([
    [126, '', 'the authorisation was dismissed'],
    [127, '', 'not authorised (pkexec refused)'],
    [1, 'pkexec must be setuid root\n', 'the root copy did not start (pkexec must be setuid root)'],
    [0, '', 'the root copy exited before its window opened'],
  ])('pkexec exiting %i is one line (%s → %s), and this copy keeps its lock and runs on', async (code, stderr, message) => {
    const { service, log } = fakeHost({ exit: { code, stderr } });
    const refused = await refusalOf(service.restart());
    expect(refused).toBeInstanceOf(ActionError);
    expect(refused?.message).toBe(message);
    expect(log).toEqual(['release', 'launch', 'reacquire']);
  });

  it('says so when the launcher cannot be started at all', async () => {
    const { service, log } = fakeHost({ exit: new Error('spawn /usr/bin/pkexec EACCES') });
    expect((await refusalOf(service.restart()))?.message).toBe('cannot start /usr/bin/pkexec: spawn /usr/bin/pkexec EACCES');
    expect(log).toEqual(['release', 'launch', 'reacquire']);
  });

  it('does not pass on an old --replaces when restarted twice', async () => {
    const { service, launched } = fakeHost({ args: ['--replaces=17'], exit: { code: 126, stderr: '' } });
    await refusalOf(service.restart());
    expect(launched[0].args.filter((a) => a.startsWith('--replaces'))).toEqual(['--replaces=4242']);
  });
});

describe('replacedPid and windowsArgument', () => {
  it('reads the pid an elevated copy replaces', () => {
    expect(replacedPid(['app', '--replaces=4242'])).toBe(4242);
    expect(replacedPid(['--replaces=abc', '--replaces'])).toBeNull();
    expect(replacedPid([])).toBeNull();
  });

  it('quotes for CommandLineToArgvW only where needed', () => {
    expect(windowsArgument('--no-history')).toBe('--no-history');
    expect(windowsArgument('C:\\a b\\')).toBe('"C:\\a b\\\\"');
    expect(windowsArgument('say "hi"')).toBe('"say \\"hi\\""');
    expect(windowsArgument('')).toBe('""');
  });
});

describe('replaceEarlierCopy', () => {
  const replaceHost = (exe: string | Error, platform: NodeJS.Platform = 'linux') => {
    const killed: number[] = [];
    return {
      killed,
      host: {
        platform,
        execPath: '/opt/Sockscope/sockscope',
        executableOf: () => {
          if (exe instanceof Error) throw exe;
          return exe;
        },
        kill: (pid: number) => void killed.push(pid),
      },
    };
  };

  it('asks the earlier Sockscope to quit', () => {
    const { host, killed } = replaceHost('/opt/Sockscope/sockscope');
    expect(replaceEarlierCopy(4242, host)).toBe('signalled');
    expect(killed).toEqual([4242]);
  });

  it('signals nothing that is not Sockscope, or that is gone', () => {
    const other = replaceHost('/usr/bin/sshd');
    expect(replaceEarlierCopy(1, other.host)).toBe('not sockscope');
    const gone = replaceHost(new Error('ENOENT'));
    expect(replaceEarlierCopy(4242, gone.host)).toBe('gone');
    expect([...other.killed, ...gone.killed]).toEqual([]);
  });
});
