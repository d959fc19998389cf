/**
 * "Restart as administrator" / "Restart as root", as TCPView users know it: a monitor without
 * those rights cannot see other users' processes, so their sockets' owners are hidden.
 *
 * - Windows: `powershell Start-Process -Verb RunAs` (the UAC prompt). Chosen over koffi's
 *   ShellExecuteW because the Electron main process then loads no native code, PowerShell is on
 *   every Windows this runs on, and a declined prompt comes back as an exit code and one message.
 *   PowerShell exits once the elevated copy has started; this copy then quits.
 * - Linux: `pkexec` (polkit's prompt), where it is on PATH. pkexec lives as long as the root copy,
 *   so that copy, once its window is up, asks this one to quit (`--replaces=<pid>`, SIGTERM).
 *
 * Plain Node behind one seam (ElevationHost): no path here runs in this repo's tests for real.
 */
import { ActionError, errorMessage } from '../common/errors';
import type { ElevationOffer } from '../common/contract/requests';
import type { Elevation } from '../transport/serve-request';

/** How a launcher ended: its exit code (null if killed) and what it wrote on stderr. */
export interface LauncherExit {
  code: number | null;
  stderr: string;
}

/** What restarting needs of the process and the OS. */
export interface ElevationHost {
  platform: NodeJS.Platform;
  /** process.execPath: the Electron binary (the packaged app's own executable). */
  execPath: string;
  /** This copy's arguments after the executable (the app's path when unpacked, the user's options). */
  args: readonly string[];
  pid: number;
  env: Readonly<Record<string, string | undefined>>;
  /** The executable's full path where it is on PATH, else null. */
  findOnPath(name: string): string | null;
  /** Starts the launcher, detached; resolves when it exits, rejects if it cannot start. */
  launch(command: string, args: readonly string[]): Promise<LauncherExit>;
  /** The single-instance lock: let go so the elevated copy can take it, taken back if it fails. */
  releaseLock(): void;
  reacquireLock(): void;
  /** Quit this copy (the elevated one has started). */
  quit(): void;
}

/** The option an elevated copy is started with: the pid of the copy it replaces. */
export const REPLACES_FLAG = '--replaces';

/** Which pid this copy was started to replace (`--replaces=123`), else null. */
export function replacedPid(argv: readonly string[]): number | null {
  for (const arg of argv) {
    const match = /^--replaces=(\d{1,10})$/.exec(arg);
    if (match) return Number(match[1]);
  }
  return null;
}

const GAIN: Partial<Record<NodeJS.Platform, Omit<ElevationOffer, 'refusal'>>> = {
  win32: {
    label: 'Restart as administrator',
    gain: "As administrator, Sockscope shows every connection's process, user and module, and can close any connection",
  },
  linux: {
    label: 'Restart as root',
    gain:
      "As root, Sockscope shows the process of every socket, other users' too, and can end any process " +
      "(the root copy runs without Chromium's sandbox, which Electron cannot use as root)",
  },
};

/** A Windows command-line argument, quoted as CommandLineToArgvW reads it back. */
export function windowsArgument(arg: string): string {
  if (arg !== '' && !/[\s"]/.test(arg)) return arg;
  return `"${arg.replace(/(\\*)"/g, '$1$1\\"').replace(/(\\+)$/, '$1$1')}"`;
}

/** A PowerShell single-quoted string literal. */
const psLiteral = (text: string): string => `'${text.replace(/'/g, "''")}'`;

/** The launcher command for this OS: what runs, and how its failures read. */
interface Plan {
  command: string;
  args: string[];
  /** Windows: the launcher exits 0 once the elevated copy runs. Linux: pkexec exits only with the root copy. */
  exitZeroMeansStarted: boolean;
  failure(exit: LauncherExit): string;
}

const firstLine = (text: string): string =>
  text
    .split(/\r?\n/)
    .find((l) => l.trim() !== '')
    ?.trim() ?? '';

function windowsPlan(host: ElevationHost, appArgs: string[]): Plan {
  const systemRoot = host.env.SystemRoot ?? 'C:\\Windows';
  const argumentList = appArgs.map(windowsArgument).join(' ');
  const script = `Start-Process -FilePath ${psLiteral(host.execPath)} -Verb RunAs${argumentList ? ` -ArgumentList ${psLiteral(argumentList)}` : ''}`;
  return {
    // By full path: a powershell.exe earlier on PATH must not be the one given our command.
    command: `${systemRoot}\\System32\\WindowsPowerShell\\v1.0\\powershell.exe`,
    args: ['-NoProfile', '-NonInteractive', '-Command', script],
    exitZeroMeansStarted: true,
    failure: ({ code, stderr }) =>
      /cancel+ed by the user/i.test(stderr)
        ? 'the administrator prompt was declined'
        : `Windows did not start it (${firstLine(stderr) || `PowerShell exit code ${code}`})`,
  };
}

/** What a GUI needs of the environment, which pkexec clears. */
const DISPLAY_VARIABLES = ['DISPLAY', 'XAUTHORITY', 'WAYLAND_DISPLAY', 'XDG_RUNTIME_DIR'];

function linuxPlan(host: ElevationHost, pkexec: string, appArgs: string[]): Plan {
  const display = DISPLAY_VARIABLES.flatMap((name) => (host.env[name] ? [`${name}=${host.env[name]}`] : []));
  return {
    command: pkexec,
    args: ['/usr/bin/env', ...display, host.execPath, ...appArgs, '--no-sandbox'],
    exitZeroMeansStarted: false,
    failure: ({ code, stderr }) =>
      code === 0
        ? 'the root copy exited before its window opened'
        : code === 126
          ? 'the authorisation was dismissed'
          : code === 127
            ? 'not authorised (pkexec refused)'
            : `the root copy did not start (${firstLine(stderr) || `pkexec exit code ${code}`})`,
  };
}

export class ElevationService implements Elevation {
  constructor(private readonly host: ElevationHost) {}

  offer(): ElevationOffer {
    const gain = GAIN[this.host.platform];
    if (!gain) {
      return {
        label: 'Restart as administrator',
        gain: "With the administrator's rights Sockscope would show every connection's process",
        refusal: `not available on ${this.host.platform}: start Sockscope with sudo instead`,
      };
    }
    return { ...gain, refusal: this.refusal() };
  }

  private refusal(): string | null {
    if (this.host.platform === 'linux' && this.host.findOnPath('pkexec') === null) {
      return 'pkexec is not installed (Debian, Ubuntu: apt install pkexec): start Sockscope as root yourself instead';
    }
    return null;
  }

  private plan(): Plan {
    const refusal = this.offer().refusal;
    if (refusal !== null) throw new ActionError(refusal);
    const appArgs = [...this.host.args.filter((a) => replacedPid([a]) === null), `${REPLACES_FLAG}=${this.host.pid}`];
    if (this.host.platform === 'win32') return windowsPlan(this.host, appArgs);
    return linuxPlan(this.host, this.host.findOnPath('pkexec') as string, appArgs);
  }

  /**
   * Starts the elevated copy. Windows: resolves once it runs (this copy then quits). Linux: the
   * root copy makes this one quit once its window is up, so this only settles if pkexec fails.
   * Rejects with one line: declined, not authorised, not installed.
   */
  async restart(): Promise<{ started: true }> {
    const plan = this.plan();
    this.host.releaseLock();
    let exit: LauncherExit;
    try {
      exit = await this.host.launch(plan.command, plan.args);
    } catch (err) {
      this.host.reacquireLock();
      throw new ActionError(`cannot start ${plan.command}: ${errorMessage(err)}`);
    }
    if (exit.code !== 0 || !plan.exitZeroMeansStarted) {
      this.host.reacquireLock();
      throw new ActionError(plan.failure(exit));
    }
    this.host.quit();
    return { started: true };
  }
}

/** What asking the replaced copy to quit needs: reading a pid's executable (Linux) and signalling it. */
export interface ReplaceHost {
  platform: NodeJS.Platform;
  execPath: string;
  /** /proc/<pid>/exe's target; throws where the pid is gone. */
  executableOf(pid: number): string;
  kill(pid: number, signal: 'SIGTERM'): void;
}

/**
 * The elevated copy, its window up, asks the copy it replaces to quit. Only a Sockscope: the pid
 * comes from the command line, and a root process must not signal whatever it names. A copy
 * that is gone already (or on Windows, which quit on its own) is left be. Returns what happened.
 */
export function replaceEarlierCopy(pid: number, host: ReplaceHost): 'signalled' | 'gone' | 'not sockscope' {
  if (host.platform === 'linux') {
    let exe: string;
    try {
      exe = host.executableOf(pid);
    } catch {
      return 'gone';
    }
    if (exe !== host.execPath) return 'not sockscope';
  }
  try {
    host.kill(pid, 'SIGTERM');
    return 'signalled';
  } catch {
    return 'gone';
  }
}
