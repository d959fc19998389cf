/**
 * The Linux data source: TCP sockets from NETLINK_SOCK_DIAG (fast, with byte counters and
 * RTT), or from /proc/net/tcp{,6} when netlink is refused (seccomp, LSM, no sock_diag) or
 * when asked to; owners from /proc/PID/fd (owners.ts).
 *
 * Unchanged sockets keep their row object from one snapshot to the next (matched by kernel
 * socket cookie): a steady-state poll of 40 000 sockets then allocates almost nothing, and
 * a consumer may treat `old === new` as "unchanged". Rows must therefore be treated as
 * immutable by consumers.
 */
import fs from 'node:fs';
import path from 'node:path';
import type {
  ActivityReporter,
  AddressFamily,
  DataSource,
  DestroyedSockets,
  ProcessInfo,
  ShortLivedStatus,
  SourceKind,
  TcpRow,
} from '../../main/common/types';
import { AddressTextCache } from '../../main/common/address-format';
import { ActionError, errorMessage, NO_SUCH_CONNECTION } from '../../main/common/errors';
import { closeFailureMessage } from './close-errors';
import { AF_INET, AF_INET6, decodeInetDiag, errnoName, socketIdAt } from './inet-diag-decode';
import { sockDestroyRequest } from './inet-diag-request';
// Type only: the module itself (and koffi with it) is loaded on demand, so that its failure to load means the /proc fallback.
import type { SockDiagClient } from './netlink';
import type { DestroyListener, HeardDestroys } from './destroy-listener';
import { AbortedEndPairing } from './aborted-ends';
import { createSocketOwners, type SocketOwners } from './owners';
import { parseProcNetTcp } from './proc-net-tcp';
import { collectRows, rowFromRecord, rowMatchesRecord, type SocketRecord } from './tcp-row';

export interface LinuxSourceOptions {
  /** Skip netlink and read /proc/net/tcp{,6}. */
  forceProc?: boolean;
  /** procfs mount point (tests). */
  procRoot?: string;
  /** Told what a poll is doing when it could block (a table read, the fd scan). */
  onActivity?: ActivityReporter;
  /** The socket-destroy listener's receive buffer: smaller than the default only to make the kernel drop messages (tests). */
  destroyReceiveBufferBytes?: number;
}

export async function createLinuxSource(options: LinuxSourceOptions = {}): Promise<DataSource> {
  const source = await openLinuxSource(options);
  if (options.onActivity) source.report = options.onActivity;
  return source;
}

async function openLinuxSource(options: LinuxSourceOptions): Promise<NetlinkSource | ProcNetSource> {
  const procRoot = options.procRoot ?? '/proc';
  checkProcRoot(procRoot);
  const owners = await createSocketOwners({ procRoot });
  const procTable = path.join(procRoot, 'net', 'tcp');
  if (options.forceProc)
    return new ProcNetSource(owners, procRoot, `${procTable} (forced)`, 'the /proc source was asked for (--proc)');
  try {
    const { SockDiagClient } = await import('./netlink');
    const client = new SockDiagClient();
    try {
      client.probe();
    } catch (err) {
      client.close();
      throw err;
    }
    return new NetlinkSource(client, owners, await openDestroyListener(options.destroyReceiveBufferBytes));
  } catch (err) {
    const refused = `netlink refused: ${refusalReason(err)}`;
    return new ProcNetSource(owners, procRoot, `${procTable} (${refused})`, refused);
  }
}

/** The socket-destroy listener, or the one line saying why the kernel refused it (polling goes on without). */
async function openDestroyListener(receiveBufferBytes?: number): Promise<DestroyListener | string> {
  try {
    const { DestroyListener } = await import('./destroy-listener');
    return new DestroyListener({ receiveBufferBytes });
  } catch (err) {
    return errorMessage(err);
  }
}

/** A procfs root that is no directory fails here, with its name, not later as a scan error. */
function checkProcRoot(procRoot: string): void {
  let isDirectory: boolean;
  try {
    isDirectory = fs.statSync(procRoot).isDirectory();
  } catch (err) {
    throw new Error(`procfs root ${procRoot} cannot be read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  if (!isDirectory) throw new Error(`procfs root ${procRoot} is not a directory`);
}

/** The errno a netlink failure carries (NetlinkSyscallError, NetlinkReplyError), else null. */
function errnoOf(err: unknown): number | null {
  return err && typeof err === 'object' && 'errno' in err && typeof err.errno === 'number' ? err.errno : null;
}

/** The few words a status bar can show: the errno name where there is one. */
function refusalReason(err: unknown): string {
  const errno = errnoOf(err);
  return errno === null ? errorMessage(err) : errnoName(errno);
}

/**
 * One snapshot at a time: a snapshot awaits the owner lookup midway, and a second one started
 * meanwhile would overwrite the per-poll buffers the first is still using. A snapshot asked for
 * while one runs gets that one's rows — after a poll gave up on a read that hangs, the read's
 * rows, when they come, go to the poll that is waiting then (a second read would hang again).
 */
class OneSnapshotAtATime {
  private running: Promise<TcpRow[]> | null = null;

  run(take: () => Promise<TcpRow[]>): Promise<TcpRow[]> {
    if (this.running) return this.running;
    const running = take().finally(() => {
      if (this.running === running) this.running = null;
    });
    this.running = running;
    return running;
  }
}

/**
 * Without root, /proc/PID/fd of another user's process cannot be read: a socket of another
 * uid with no owner found is one whose owner is hidden from us, not one without an owner.
 */
const EUID = process.geteuid?.() ?? 0;
const SEES_EVERY_OWNER = EUID === 0;

/**
 * Fills the owner fields of every row (pid, processName, whether the owner is hidden) and,
 * once per new row, the user; a row shared with the previous snapshot is copied, never mutated.
 * `sharedKeepOwners`: no owner changed since the previous snapshot's were attached, so a shared
 * row (the same socket, inode and uid) still has its owner: only new rows are looked at.
 */
function attachOwners(rows: TcpRow[], owners: SocketOwners, shared: Uint8Array | null, sharedKeepOwners = false): void {
  const kept = sharedKeepOwners ? shared : null;
  for (let i = 0; i < rows.length; i++) {
    if (kept !== null && kept[i] === 1) continue;
    const row = rows[i];
    const inode = row.inode ?? 0;
    const owner = owners.ownerOf(inode);
    const pid = owner ? owner.pid : null;
    const processName = owner ? owner.name : null;
    const hidden = owner === null && inode !== 0 && !SEES_EVERY_OWNER && row.uid !== EUID;
    const user = row.user === undefined ? (inode === 0 ? null : owners.userName(row.uid ?? 0)) : row.user;
    if (row.pid === pid && row.processName === processName && (row.ownerHidden === true) === hidden && row.user === user)
      continue;
    const target = shared !== null && shared[i] === 1 ? (rows[i] = { ...row }) : row;
    target.pid = pid;
    target.processName = processName;
    target.user = user;
    if (hidden) target.ownerHidden = true;
    else delete target.ownerHidden;
  }
}

/** How far ahead in the previous snapshot to look for a socket before treating it as new. */
const MATCH_WINDOW = 4;

class NetlinkSource implements DataSource {
  readonly kind: SourceKind = 'netlink';
  report: ActivityReporter = () => {};
  readonly description = 'netlink sock_diag';
  private readonly addresses = new AddressTextCache();
  /** Last snapshot's rows and their socket cookies, index for index. */
  private previousRows: TcpRow[] = [];
  private previousCookies = new Float64Array(0);
  private cookies = new Float64Array(1024);
  private inodes = new Uint32Array(1024);
  private shared = new Uint8Array(1024);
  /** `owners.version` when the previous snapshot's owners were attached; -1 before any. */
  private attachedOwnersVersion = -1;
  private readonly queue = new OneSnapshotAtATime();
  private destroyed: TcpRow[] = [];
  private destroysLost = false;
  private listener: DestroyListener | null;
  private destroyNote: string | null;
  private readonly pairing = new AbortedEndPairing<Uint8Array>();
  /** Heard during a poll (after its dump), or between polls: for takeEndedNow. */
  private held: HeardDestroys = { rows: [], ids: [], lost: false };

  constructor(
    private readonly client: SockDiagClient,
    private readonly owners: SocketOwners,
    listener: DestroyListener | string,
  ) {
    this.listener = typeof listener === 'string' ? null : listener;
    this.destroyNote = typeof listener === 'string' ? listener : null;
  }

  takeDestroyed(): DestroyedSockets {
    const taken = { rows: this.destroyed, lost: this.destroysLost };
    this.destroyed = [];
    this.destroysLost = false;
    return taken;
  }

  holdDestroyedNow(): void {
    const heard = this.hearDestroyed();
    if (heard === null) return;
    for (const row of heard.rows) this.held.rows.push(row);
    for (const id of heard.ids) this.held.ids.push(id);
    if (heard.lost) this.held.lost = true;
  }

  takeEndedNow(): DestroyedSockets {
    this.holdDestroyedNow();
    const heard = this.held;
    this.held = { rows: [], ids: [], lost: false };
    if (heard.rows.length === 0) return { rows: [], lost: heard.lost };
    try {
      // The kernel frees a full socket as it enters TIME_WAIT, after hashing the entry it became.
      // A listener, or an end aborted (its remote port cleared), never became one: no lookup.
      const ended: TcpRow[] = [];
      heard.rows.forEach((row, i) => {
        if (row.remotePort === 0 || this.client.stateOf(kernelFamily(row.family), heard.ids[i]) !== 'TIME_WAIT') ended.push(row);
        // Left to the next poll, which shows the transition, with these final counters.
        else this.destroyed.push(row);
      });
      return { rows: ended, lost: heard.lost };
    } catch {
      // The dump socket failed (the next poll will say so): these go to that poll, which can tell.
      for (const row of heard.rows) this.destroyed.push(row);
      if (heard.lost) this.destroysLost = true;
      return { rows: [], lost: false };
    }
  }

  destroyStatus(): ShortLivedStatus {
    return { watching: this.listener !== null, note: this.destroyNote };
  }

  /** Right after the dump: every socket freed before it was walked is in this drain, or in the dump itself. */
  private drainDestroyed(): void {
    const heard = this.hearDestroyed();
    if (heard === null) return;
    for (const row of heard.rows) this.destroyed.push(row);
    if (heard.lost) this.destroysLost = true;
  }

  /** The listener's drain; null without one, or once it failed (the status then says why). */
  private hearDestroyed(): HeardDestroys | null {
    if (!this.listener) return null;
    try {
      const heard = this.listener.drain();
      return { ...this.pairing.take(heard), lost: heard.lost };
    } catch (err) {
      this.listener.close();
      this.listener = null;
      this.destroyNote = `socket-destroy notifications stopped: ${errorMessage(err)}`;
      return null;
    }
  }

  snapshot(): Promise<TcpRow[]> {
    return this.queue.run(() => this.take());
  }

  private async take(): Promise<TcpRow[]> {
    const rows: TcpRow[] = [];
    const before = this.previousRows;
    const beforeCookies = this.previousCookies;
    // The kernel lists sockets in hash-table order, which barely changes from one poll to the
    // next: walking the previous snapshot alongside finds each socket's old row in a step or
    // two, with no lookup table to build. A socket not found nearby just gets a new row.
    let j = 0;
    const onSocket = (r: SocketRecord): void => {
      const i = rows.length;
      if (i === this.inodes.length) this.grow();
      let reused: TcpRow | undefined;
      for (let k = j; k < j + MATCH_WINDOW && k < before.length; k++) {
        if (beforeCookies[k] === r.cookie) {
          j = k + 1;
          if (r.cookie !== 0 && rowMatchesRecord(before[k], r)) reused = before[k];
          break;
        }
      }
      rows.push(reused ?? rowFromRecord(r));
      this.shared[i] = reused ? 1 : 0;
      this.inodes[i] = r.inode;
      this.cookies[i] = r.cookie;
    };
    this.owners.beginPoll();
    this.report('in the netlink sock_diag dump');
    this.client.dumpTcp((chunk, length) => decodeInetDiag(chunk, length, onSocket, this.addresses) > 0);
    this.drainDestroyed();
    this.report(this.owners.scanActivity);
    await this.owners.update(this.inodes.subarray(0, rows.length));
    this.report(null);
    attachOwners(rows, this.owners, this.shared, this.owners.version === this.attachedOwnersVersion);
    this.attachedOwnersVersion = this.owners.version;
    this.previousRows = rows;
    this.previousCookies = this.cookies.slice(0, rows.length);
    return rows;
  }

  processInfo(pid: number): Promise<ProcessInfo | null> {
    return this.owners.processInfo(pid);
  }

  closeRefusal(): string | null {
    return null; // SOCK_DESTROY serves both families; privileges and kernel support show in the answer
  }

  /**
   * SOCK_DESTROY, as `ss -K` does: the row's socket cookie (from the last snapshot, where the row
   * came from) finds the socket in a fresh dump, whose inet_diag_sockid (endpoints, bound
   * interface, cookie) then names it to the kernel exactly.
   */
  async closeConnection(row: TcpRow): Promise<void> {
    const i = this.previousRows.indexOf(row);
    // Cookie 0: a row from another snapshot, or a socket the kernel gave no cookie.
    const cookie = i >= 0 ? this.previousCookies[i] : 0;
    try {
      const sockId = cookie === 0 ? null : this.socketIdOf(cookie);
      if (sockId === null) throw new ActionError(NO_SUCH_CONNECTION);
      this.client.request((seq) => sockDestroyRequest(kernelFamily(row.family), sockId, seq));
    } catch (err) {
      if (err instanceof ActionError) throw err;
      const errno = errnoOf(err);
      throw new ActionError(errno === null ? errorMessage(err) : closeFailureMessage(errno));
    }
  }

  /** The inet_diag_sockid of the socket with this cookie, from a fresh dump; null if it is gone. */
  private socketIdOf(cookie: number): Uint8Array | null {
    const found: Uint8Array[] = [];
    this.client.dumpTcp((chunk, length) => {
      const onSocket = (r: SocketRecord, at: number): void => {
        if (r.cookie === cookie) found.push(socketIdAt(chunk, at));
      };
      return decodeInetDiag(chunk, length, onSocket, this.addresses) > 0;
    });
    return found[0] ?? null;
  }

  close(): void {
    this.client.close();
    this.listener?.close();
    this.owners.close();
  }

  private grow(): void {
    const grown = <T extends Uint32Array | Uint8Array | Float64Array>(a: T, make: (n: number) => T): T => {
      const b = make(a.length * 2);
      b.set(a);
      return b;
    };
    this.inodes = grown(this.inodes, (n) => new Uint32Array(n));
    this.shared = grown(this.shared, (n) => new Uint8Array(n));
    this.cookies = grown(this.cookies, (n) => new Float64Array(n));
  }
}

class ProcNetSource implements DataSource {
  readonly kind: SourceKind = 'proc';
  report: ActivityReporter = () => {};
  private readonly addresses = new AddressTextCache();
  private readonly queue = new OneSnapshotAtATime();

  constructor(
    private readonly owners: SocketOwners,
    private readonly procRoot: string,
    readonly description: string,
    /** Why netlink is not in use, for the reason closing connections is refused. */
    private readonly withoutNetlink: string,
  ) {}

  snapshot(): Promise<TcpRow[]> {
    return this.queue.run(() => this.take());
  }

  private async take(): Promise<TcpRow[]> {
    const rows: TcpRow[] = [];
    const collect = collectRows(rows);
    this.owners.beginPoll();
    for (const [file, family, optional] of [
      ['tcp', 'ipv4', false],
      ['tcp6', 'ipv6', true], // absent when IPv6 is disabled
    ] as const) {
      const name = path.join(this.procRoot, 'net', file);
      let text: string;
      this.report(`reading ${name}`);
      try {
        // Asynchronous: a read that never returns (a FIFO, a hung filesystem) holds one thread-pool
        // thread, not the thread that answers the UI, and the poll's deadline reports it.
        text = await fs.promises.readFile(name, 'latin1');
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (optional && code === 'ENOENT') continue;
        throw new Error(`cannot read ${name}: ${code ?? (err as Error).message}`);
      }
      parseProcNetTcp(text, family, collect, name, this.addresses);
    }
    this.report(this.owners.scanActivity);
    await this.owners.update(rows.map((r) => r.inode ?? 0));
    this.report(null);
    attachOwners(rows, this.owners, null);
    return rows;
  }

  processInfo(pid: number): Promise<ProcessInfo | null> {
    return this.owners.processInfo(pid);
  }

  closeRefusal(): string | null {
    return `closing connections needs netlink sock_diag, which is unavailable here: ${this.withoutNetlink}`;
  }

  close(): void {
    this.owners.close();
  }
}

const kernelFamily = (family: AddressFamily): number => (family === 'ipv6' ? AF_INET6 : AF_INET);
