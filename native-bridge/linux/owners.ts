/**
 * Socket inode → owning process, with caches that make a steady-state poll nearly free:
 *  - inode → process: looked up (by scanning /proc/PID/fd) only for inodes not seen before,
 *    stopping as soon as all of them are found; entries of vanished inodes are forgotten.
 *  - pid → process entry, keyed by (pid, start time), so a reused pid is never mislabelled.
 * A process that exits mid-lookup just leaves its sockets without owner; it never fails a poll.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ProcessInfo } from '../../main/common/types';
import { createFdScanner, type FdScanner, type SharedScan } from './fd-scan';
import { parseBootTime, parseCmdline, parsePasswd, parseProcStat, parseStatusUid } from './proc-files';

/** USER_HZ: what /proc reports times in, 100 on every Linux ABI. */
const CLOCK_TICKS_PER_SECOND = 100;
/** A socket found in no fd table gets one more full look this many polls later (it may have been mid-accept). */
const UNOWNED_RETRY_AFTER_POLLS = 3;
/** New inodes from which a lookup is shared with the worker thread (a round trip costs ~1 ms). */
const SHARED_SCAN_MIN_INODES = 2000;

export interface OwnerOptions {
  /** Where procfs is mounted; a fake tree in tests. */
  procRoot?: string;
  /** /etc/passwd, for user names. */
  passwdPath?: string;
  /** Share big lookups with a worker thread (default true). */
  worker?: boolean;
}

export async function createSocketOwners(options: OwnerOptions = {}): Promise<SocketOwners> {
  const procRoot = options.procRoot ?? '/proc';
  return new SocketOwners(await createFdScanner(procRoot, options.worker ?? true), options);
}

/** One live process, as long as its (pid, start time) holds. Shared by all of its sockets. */
export interface ProcessEntry {
  readonly pid: number;
  readonly startTicks: number;
  name: string;
  alive: boolean;
  /** How many cached inodes point here: at 0 the entry is dropped (no stat reads for it any more). */
  sockets: number;
}

/** Cache mark for an inode being looked up this poll; never alive, so never anyone's owner. */
const WANTED: ProcessEntry = { pid: -1, startTicks: -1, name: '', alive: false, sockets: 0 };

export class SocketOwners {
  private readonly procRoot: string;
  private readonly passwdPath: string;
  /** inode → owner; null = held by no process at the last full look. */
  private readonly byInode = new Map<number, ProcessEntry | null>();
  private readonly unownedSince = new Map<number, number>();
  private readonly processes = new Map<number, ProcessEntry>();
  private users: Map<number, string> | undefined;
  private bootTime: number | null | undefined;
  private poll = 0;
  private prefetch: SharedScan | null = null;
  /** pid → new sockets found in its fd table lately (halved every lookup). */
  private readonly newSockets = new Map<number, number>();
  /** pid → its open-fd count at the last lookup. */
  private fdCounts = new Map<number, number>();
  /**
   * Processes whose fd count changed at the last lookup. They count as changed once more: an fd
   * opened between that poll's dump and its scan was counted before its socket was in a dump.
   */
  private changedAtLastLook = new Set<number>();
  /** Inodes the last lookup left for this one (not found among the likely processes). */
  private deferred = new Set<number>();
  /** Whether the proc root is a real procfs (it then reports fd counts in stat). */
  private readonly procfs: boolean;
  /** The inodes of the last update that completed, in order; null after one that failed. */
  private lastInodes: Float64Array | null = null;
  private ownersVersion = 0;

  constructor(
    private readonly scanner: FdScanner,
    options: OwnerOptions = {},
  ) {
    this.procRoot = options.procRoot ?? '/proc';
    this.passwdPath = options.passwdPath ?? '/etc/passwd';
    this.procfs = isProcfs(this.procRoot);
  }

  /**
   * Call before fetching the socket table. On the first poll every socket will need an
   * owner, so the worker thread starts scanning fd tables now, while this thread fetches.
   */
  beginPoll(): void {
    if (this.poll === 0 && !this.prefetch) this.prefetch = this.scanner.startShared(listPids(this.procRoot));
  }

  /**
   * Brings the cache up to date with the inodes of this poll (0 = no inode, ignored):
   * rechecks known processes, finds owners of new inodes, forgets vanished ones.
   */
  async update(inodes: ArrayLike<number>): Promise<void> {
    this.poll++;
    const exited = this.revalidateProcesses();
    // The same inodes as the last update, whose owners all live on: nothing to look up, nothing
    // to forget. Unless an inode waits for its look (left for this poll, or unowned and due a retry).
    if (!exited && this.deferred.size === 0 && this.sameInodesAsLastUpdate(inodes) && !this.unownedRetryDue()) return;
    this.lastInodes = null;
    // Inodes that need an owner are marked WANTED in the cache itself: no separate set to
    // build and empty again (40 000 of each on a cold poll).
    let wanted = 0;
    let present = 0;
    for (let i = 0; i < inodes.length; i++) {
      const inode = inodes[i];
      if (inode === 0) continue;
      present++;
      const owner = this.byInode.get(inode);
      // WANTED itself counts again (left over from a poll whose scan failed): it is not alive.
      if (
        owner === undefined ||
        (owner !== null && !owner.alive) ||
        (owner === null && this.poll - (this.unownedSince.get(inode) ?? this.poll) === UNOWNED_RETRY_AFTER_POLLS)
      ) {
        // A known socket looked up again may get another owner (or one at last).
        if (owner !== undefined) this.ownersVersion++;
        this.byInode.set(inode, WANTED); // an exited owner has left `processes`: nothing to uncount
        wanted++;
      }
    }
    const prefetch = this.prefetch;
    this.prefetch = null;
    if (wanted > 0 || prefetch) {
      try {
        await this.find(wanted, inodes, prefetch);
      } catch (err) {
        this.fdCounts = new Map(); // a scan cut short saw less than it should: next time, every table counts as changed
        throw err;
      }
    }
    // Every present inode now has an entry, so a bigger cache means some inodes are gone.
    if (this.byInode.size > present) this.forgetAllBut(inodes);
    for (const entry of this.processes.values()) if (entry.sockets === 0) this.processes.delete(entry.pid);
    this.lastInodes = Float64Array.from(inodes); // a copy: a caller may reuse its buffer
  }

  /**
   * Changes whenever the owner `ownerOf` gives for an inode that an earlier update saw may have
   * changed (its process exited or was renamed, the socket was looked up again): while it stays
   * the same, a row kept from the last poll keeps its owner. New inodes do not change it.
   */
  get version(): number {
    return this.ownersVersion;
  }

  private sameInodesAsLastUpdate(inodes: ArrayLike<number>): boolean {
    const last = this.lastInodes;
    if (last === null || last.length !== inodes.length) return false;
    for (let i = 0; i < inodes.length; i++) if (inodes[i] !== last[i]) return false;
    return true;
  }

  /** Whether an unowned socket gets its one more full look this poll. */
  private unownedRetryDue(): boolean {
    for (const since of this.unownedSince.values()) if (this.poll - since === UNOWNED_RETRY_AFTER_POLLS) return true;
    return false;
  }

  /** What `update` does that could block: for a poll that hangs to say where. */
  get scanActivity(): string {
    return `scanning ${path.join(this.procRoot, '*', 'fd')} for owners`;
  }

  /** Owner of a socket after `update`; null for none (TIME_WAIT, accept queue, gone, hidden). */
  ownerOf(inode: number): ProcessEntry | null {
    if (inode === 0) return null;
    const owner = this.byInode.get(inode);
    return owner && owner.alive ? owner : null; // WANTED is never alive
  }

  /** Details for the drill-down; null if the process is gone. */
  async processInfo(pid: number): Promise<ProcessInfo | null> {
    const dir = path.join(this.procRoot, String(pid));
    const stat = parseProcStat((await readOrNull(path.join(dir, 'stat'))) ?? '');
    if (!stat) return null;
    const [exePath, cmdline, status, bootTime] = await Promise.all([
      fs.promises.readlink(path.join(dir, 'exe')).catch(() => null),
      readOrNull(path.join(dir, 'cmdline')),
      readOrNull(path.join(dir, 'status')),
      this.readBootTime(),
    ]);
    const uid = status === null ? null : parseStatusUid(status);
    // Linux reparents orphans, so the ppid always names a live process: no reuse check needed.
    const parent =
      stat.ppid > 0 ? parseProcStat((await readOrNull(path.join(this.procRoot, String(stat.ppid), 'stat'))) ?? '') : null;
    return {
      pid,
      name: stat.comm,
      exePath,
      commandLine: cmdline === null ? null : parseCmdline(cmdline),
      user: uid === null ? null : this.userName(uid),
      startedAt: bootTime === null ? null : new Date((bootTime + stat.startTicks / CLOCK_TICKS_PER_SECOND) * 1000).toISOString(),
      parentPid: stat.ppid > 0 ? stat.ppid : null,
      parentName: parent?.comm ?? null,
    };
  }

  close(): void {
    this.scanner.close();
  }

  /**
   * Re-reads /proc/PID/stat of every process we attribute sockets to: exited or reused → dead;
   * renamed → new name. True if one is dead.
   */
  private revalidateProcesses(): boolean {
    let exited = false;
    for (const entry of this.processes.values()) {
      const stat = this.readStat(entry.pid);
      if (!stat || stat.startTicks !== entry.startTicks) {
        entry.alive = false;
        this.processes.delete(entry.pid);
        this.ownersVersion++;
        exited = true;
      } else if (entry.name !== stat.comm) {
        entry.name = stat.comm;
        this.ownersVersion++;
      }
    }
    return exited;
  }

  /**
   * Scans fd tables until every WANTED inode is found; inodes that were unowned are picked up
   * on the way. What is still WANTED afterwards is held by no process we can see.
   */
  private async find(wanted: number, inodes: ArrayLike<number>, prefetch: SharedScan | null): Promise<void> {
    let missing = wanted;
    // Sockets come grouped by process: remember the last one's entry.
    let lastPid = -1;
    let lastEntry: ProcessEntry | null = null;
    // Runs once per socket fd of every process (40 000 times on a cold poll at 40 000
    // sockets): one map lookup, and one store for a socket of the table.
    const visit = (inode: number, pid: number): boolean => {
      const current = this.byInode.get(inode);
      if (current !== WANTED && current !== null) return false; // not in the table, or owned already
      if (pid !== lastPid) {
        lastPid = pid;
        lastEntry = this.entryFor(pid);
      }
      const entry = lastEntry;
      if (!entry) return false; // its process exited meanwhile: still WANTED, maybe held elsewhere
      entry.sockets++;
      if (current === null) this.ownersVersion++; // a known socket that had no owner has one now
      this.byInode.set(inode, entry);
      if (this.unownedSince.size > 0) this.unownedSince.delete(inode);
      if (current === WANTED) {
        missing--;
        if (countNew) this.newSockets.set(pid, (this.newSockets.get(pid) ?? 0) + 1);
      }
      return missing === 0;
    };
    // The first lookup finds the table as it stands, not where new sockets come from.
    const countNew = prefetch === null && this.poll > 1;
    if (prefetch) {
      await prefetch.finish(visit); // the cold poll: every fd table, on both threads
      this.pidsInScanOrder(); // from here on, a table whose fd count changes is where to look first
    } else {
      // Where new sockets come from first (churners are the same few processes), with an early
      // stop once all are found.
      const { likely, rest } = this.pidsInScanOrder();
      if (likely.length > 0) this.scanner.scanHere(likely, visit);
      // What is still missing is mostly gone already (a connection that lived 50 ms was in the
      // dump, closed before the scan): looking through every fd table for it would cost the
      // whole poll. Such inodes wait a poll; those still there then are looked for everywhere.
      if (missing > 0 && !this.deferStillMissing(inodes)) {
        const shared = missing >= SHARED_SCAN_MIN_INODES ? this.scanner.startShared(rest) : null;
        if (shared) await shared.finish(visit);
        else if (rest.length > 0) this.scanner.scanHere(rest, visit);
      }
    }
    this.decayNewSockets();
    if (missing === 0 || this.deferred.size > 0) return;
    for (let i = 0; i < inodes.length; i++) {
      const inode = inodes[i];
      if (inode === 0 || this.byInode.get(inode) !== WANTED) continue;
      this.byInode.set(inode, null);
      if (!this.unownedSince.has(inode)) this.unownedSince.set(inode, this.poll);
    }
  }

  /**
   * Leaves the inodes still WANTED for the next poll, unless one of them waited a poll already
   * (it outlived a poll: a socket some process holds). True if they were all left.
   */
  private deferStillMissing(inodes: ArrayLike<number>): boolean {
    const waiting = new Set<number>();
    let waitedBefore = false;
    for (let i = 0; i < inodes.length; i++) {
      const inode = inodes[i];
      if (inode === 0 || this.byInode.get(inode) !== WANTED) continue;
      waiting.add(inode);
      if (this.deferred.has(inode)) waitedBefore = true;
    }
    this.deferred = waitedBefore ? new Set() : waiting;
    return !waitedBefore;
  }

  /**
   * The order to look for new sockets in. `likely`: processes that gave new sockets lately, most
   * first, then those whose open-fd count changed since the last look (or is new to us: a new
   * process). `rest`: the processes whose fd tables look as they were — a 10 000-socket server
   * that holds its connections — tried last, not skipped (a socket closed and another opened
   * keeps the count).
   */
  private pidsInScanOrder(): { likely: number[]; rest: number[] } {
    const busy: number[] = [];
    const changed: number[] = [];
    const rest: number[] = [];
    const counts = new Map<number, number>();
    const changedNow = new Set<number>();
    // With nothing to compare with (the first look, or after a failed scan), every table is changed but none is carried.
    const compared = this.fdCounts.size > 0;
    for (const pid of listPids(this.procRoot)) {
      const count = this.openFdCount(pid);
      counts.set(pid, count);
      const isChanged = count < 0 || this.fdCounts.get(pid) !== count;
      if (isChanged && compared) changedNow.add(pid);
      if (this.newSockets.has(pid)) busy.push(pid);
      else if (isChanged || this.changedAtLastLook.has(pid)) changed.push(pid);
      else rest.push(pid);
    }
    this.fdCounts = counts;
    this.changedAtLastLook = changedNow;
    busy.sort((a, b) => (this.newSockets.get(b) ?? 0) - (this.newSockets.get(a) ?? 0));
    return { likely: busy.concat(changed), rest };
  }

  /**
   * How many fds a process has open; -1 where its table cannot be read. procfs reports it in
   * stat of /proc/PID/fd (Linux 6.2+; 0 before, which never changes: every table then counts as
   * unchanged but for the new-socket history); elsewhere (a copy of a /proc tree) it is counted.
   */
  private openFdCount(pid: number): number {
    const dir = path.join(this.procRoot, String(pid), 'fd');
    try {
      return this.procfs ? fs.statSync(dir).size : fs.readdirSync(dir).length;
    } catch {
      return -1;
    }
  }

  /** New-socket counts fade: a process that stopped churning drifts back among the others. */
  private decayNewSockets(): void {
    for (const [pid, n] of this.newSockets) {
      if (n < 1) this.newSockets.delete(pid);
      else this.newSockets.set(pid, n / 2);
    }
  }

  private entryFor(pid: number): ProcessEntry | null {
    const known = this.processes.get(pid);
    if (known) return known;
    const stat = this.readStat(pid);
    if (!stat) return null; // exited since its fd listing
    const entry: ProcessEntry = { pid, startTicks: stat.startTicks, name: stat.comm, alive: true, sockets: 0 };
    this.processes.set(pid, entry);
    return entry;
  }

  private forgetAllBut(inodes: ArrayLike<number>): void {
    const present = new Set<number>();
    for (let i = 0; i < inodes.length; i++) present.add(inodes[i]);
    for (const inode of this.byInode.keys()) {
      if (!present.has(inode)) {
        const previous = this.byInode.get(inode);
        if (previous && previous !== WANTED) previous.sockets--;
        this.byInode.delete(inode);
        this.unownedSince.delete(inode);
      }
    }
  }

  /** comm is bytes, shown as UTF-8 like ss does; the kernel's 15-byte cut may end it in U+FFFD. */
  private readStat(pid: number): ReturnType<typeof parseProcStat> {
    try {
      return parseProcStat(fs.readFileSync(path.join(this.procRoot, String(pid), 'stat'), 'utf8'));
    } catch {
      return null; // ENOENT/ESRCH: exited
    }
  }

  private async readBootTime(): Promise<number | null> {
    if (this.bootTime === undefined) {
      const text = await readOrNull(path.join(this.procRoot, 'stat'));
      this.bootTime = text === null ? null : parseBootTime(text);
    }
    return this.bootTime;
  }

  /** The user name of a uid (from the passwd file, read once), or the uid as text. */
  userName(uid: number): string {
    if (!this.users) {
      let text = '';
      try {
        text = fs.readFileSync(this.passwdPath, 'utf8');
      } catch {
        text = ''; // no passwd file (a minimal container): uids as numbers
      }
      this.users = parsePasswd(text);
    }
    return this.users.get(uid) ?? String(uid);
  }
}

/** Numeric entries of the proc root, i.e. the pids of this pid namespace. */
export function listPids(procRoot: string): number[] {
  const pids: number[] = [];
  for (const name of fs.readdirSync(procRoot)) {
    const c = name.charCodeAt(0);
    if (c >= 0x30 && c <= 0x39) pids.push(Number(name));
  }
  return pids;
}

async function readOrNull(file: string): Promise<string | null> {
  try {
    return await fs.promises.readFile(file, 'utf8');
  } catch {
    return null;
  }
}

const PROC_SUPER_MAGIC = 0x9fa0;

function isProcfs(root: string): boolean {
  try {
    return fs.statfsSync(root).type === PROC_SUPER_MAGIC;
  } catch {
    return false;
  }
}
