import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFdScanner, type FdScanner } from './fd-scan';
import { SocketOwners, listPids } from './owners';

/** A fake procfs: per pid a stat file and fd symlinks ("socket:[N]" or a path), plus /proc/stat. */
interface FakeProcess {
  comm: string;
  start: number;
  fds: Record<number, string>;
  exe?: string;
  cmdline?: string;
  uid?: number;
  /** Parent pid; 1 unless given. */
  ppid?: number;
}

let root: string;

function writeProcess(pid: number, p: FakeProcess): void {
  const dir = path.join(root, String(pid));
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'fd'), { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'stat'),
    `${pid} (${p.comm}) S ${p.ppid ?? 1} 1 1 0 -1 4194560 100 0 0 0 0 0 0 0 20 0 1 0 ${p.start} 1000 100\n`,
  );
  for (const [fd, target] of Object.entries(p.fds)) fs.symlinkSync(target, path.join(dir, 'fd', fd));
  if (p.exe) fs.symlinkSync(p.exe, path.join(dir, 'exe'));
  if (p.cmdline !== undefined) fs.writeFileSync(path.join(dir, 'cmdline'), p.cmdline);
  if (p.uid !== undefined)
    fs.writeFileSync(path.join(dir, 'status'), `Name:\t${p.comm}\nUid:\t${p.uid}\t${p.uid}\t${p.uid}\t${p.uid}\n`);
}

/** Wraps a real scanner to record which pids had their fd table read. */
function spying(inner: FdScanner): FdScanner & { scannedPids: number[]; scans: number } {
  const spy = {
    scannedPids: [] as number[],
    scans: 0,
    scanHere(pids: readonly number[], visit: (inode: number, pid: number) => boolean): void {
      spy.scans++;
      inner.scanHere(pids, (inode, pid) => {
        if (spy.scannedPids.at(-1) !== pid) spy.scannedPids.push(pid);
        return visit(inode, pid);
      });
    },
    startShared: () => null,
    close: () => inner.close(),
  };
  return spy;
}

async function owners(): Promise<{ owners: SocketOwners; scanner: ReturnType<typeof spying> }> {
  const scanner = spying(await createFdScanner(root, false));
  return { owners: new SocketOwners(scanner, { procRoot: root, passwdPath: path.join(root, 'passwd') }), scanner };
}

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'sockscope-proc-'));
  fs.writeFileSync(path.join(root, 'stat'), 'cpu  1 2 3\nbtime 1700000000\nprocesses 10\n');
  fs.writeFileSync(
    path.join(root, 'passwd'),
    'root:x:0:0:root:/root:/bin/sh\n# comment\nalice:x:1000:1000::/home/alice:/bin/sh\n',
  );
  writeProcess(100, {
    comm: 'server',
    start: 500,
    fds: { 0: '/dev/null', 3: 'socket:[1001]', 4: 'socket:[1002]', 5: 'pipe:[77]' },
  });
  writeProcess(200, { comm: 'my (odd) app', start: 600, fds: { 3: 'socket:[2001]' } });
});

afterEach(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

describe('SocketOwners', () => {
  it('maps socket inodes to their process, and nothing else', async () => {
    const { owners: o } = await owners();
    await o.update([1001, 2001, 0, 9999]);
    expect(o.ownerOf(1001)).toMatchObject({ pid: 100, name: 'server' });
    expect(o.ownerOf(2001)).toMatchObject({ pid: 200, name: 'my (odd) app' }); // comm with ") " in it
    expect(o.ownerOf(0)).toBeNull(); // TIME_WAIT, accept queue: no inode
    expect(o.ownerOf(9999)).toBeNull(); // held by nobody
  });

  it('reads a process name written in UTF-8 as UTF-8, as ss prints it', async () => {
    writeProcess(600, { comm: 'café-ünïcode', start: 800, fds: { 3: 'socket:[6001]' } });
    const { owners: o } = await owners();
    await o.update([6001]);
    expect(o.ownerOf(6001)).toMatchObject({ pid: 600, name: 'café-ünïcode' });
  });

  it('scans no fd table when a poll brings no new inode', async () => {
    const { owners: o, scanner } = await owners();
    await o.update([1001, 2001]);
    expect(scanner.scans).toBe(1);
    await o.update([1001, 2001]);
    await o.update([2001, 1001]);
    expect(scanner.scans).toBe(1);
    expect(o.ownerOf(2001)?.pid).toBe(200);
  });

  it('finds the new inode in a buffer the caller fills anew each poll, as the netlink source does', async () => {
    const { owners: o } = await owners();
    const buffer = new Uint32Array([1001, 2001]);
    await o.update(buffer);
    await o.update(buffer);
    fs.symlinkSync('socket:[2002]', path.join(root, '200', 'fd', '4'));
    buffer[1] = 2002; // 2001 closed, 2002 opened: the same buffer, the same length
    await o.update(buffer);
    expect(o.ownerOf(2002)?.pid).toBe(200);
    expect(o.ownerOf(2001)).toBeNull(); // forgotten
  });

  it('looks again for the owners of an unchanged set of sockets when their process exits', async () => {
    writeProcess(300, { comm: 'child', start: 700, fds: { 3: 'socket:[2001]' } }); // inherited: held by 200 and 300
    const { owners: o } = await owners();
    await o.update([2001]);
    await o.update([2001]);
    const first = o.ownerOf(2001)!.pid;
    fs.rmSync(path.join(root, String(first)), { recursive: true });
    await o.update([2001]);
    expect(o.ownerOf(2001)).toBeNull();
    await o.update([2001]); // looked for everywhere a poll later (it may have been a socket closing)
    expect(o.ownerOf(2001)?.pid).toBe(first === 200 ? 300 : 200); // passed on to the other holder
  });

  it('stops scanning once every new inode is found', async () => {
    const { owners: o, scanner } = await owners();
    await o.update([1001]);
    expect(scanner.scannedPids).toEqual([100]); // pid 200 never read
  });

  it('looks up only the new inode on a later poll, starting with known owners', async () => {
    const { owners: o, scanner } = await owners();
    await o.update([2001]);
    writeProcess(300, { comm: 'late', start: 700, fds: { 9: 'socket:[3001]' } });
    fs.symlinkSync('socket:[2002]', path.join(root, '200', 'fd', '4'));
    scanner.scannedPids.length = 0;
    await o.update([2001, 2002]);
    expect(o.ownerOf(2002)?.pid).toBe(200);
    expect(scanner.scannedPids).toEqual([200]); // found in the process that already owned sockets
  });

  it('forgets inodes that are gone, and finds them anew if they come back elsewhere', async () => {
    const { owners: o, scanner } = await owners();
    await o.update([1001, 1002]);
    const scansBefore = scanner.scans;
    await o.update([1001]);
    expect(scanner.scans).toBe(scansBefore); // its only inode is known: no fd table read
    expect(o.ownerOf(1002)).toBeNull();
    fs.unlinkSync(path.join(root, '100', 'fd', '4'));
    fs.symlinkSync('socket:[1002]', path.join(root, '200', 'fd', '8'));
    await o.update([1001, 1002]);
    expect(o.ownerOf(1002)?.pid).toBe(200); // its fd table changed: looked at first
  });

  it('does not mislabel a reused pid: a new start time means a new process', async () => {
    const { owners: o } = await owners();
    await o.update([1001]);
    expect(o.ownerOf(1001)?.name).toBe('server');
    writeProcess(100, { comm: 'impostor', start: 900, fds: { 3: 'socket:[1001]' } });
    await o.update([1001]);
    expect(o.ownerOf(1001)).toMatchObject({ pid: 100, name: 'impostor', startTicks: 900 });
  });

  it('follows a rename (exec) of the same process', async () => {
    const { owners: o } = await owners();
    await o.update([1001]);
    writeProcess(100, { comm: 'renamed', start: 500, fds: { 3: 'socket:[1001]' } });
    await o.update([1001]);
    expect(o.ownerOf(1001)?.name).toBe('renamed');
  });

  it('leaves the owner null when the process exits between listing and lookup, without failing', async () => {
    fs.rmSync(path.join(root, '200', 'stat')); // fd table still listed, process already gone
    const { owners: o } = await owners();
    await expect(o.update([2001, 1001])).resolves.toBeUndefined();
    expect(o.ownerOf(2001)).toBeNull();
    expect(o.ownerOf(1001)?.pid).toBe(100);
  });

  it('names one owner for a socket two processes hold (an inherited fd), counted once', async () => {
    writeProcess(300, { comm: 'child', start: 700, fds: { 3: 'socket:[1001]' } });
    const { owners: o } = await owners();
    await o.update([1001, 1002]);
    const owner = o.ownerOf(1001);
    expect([100, 300]).toContain(owner?.pid);
    expect(o.ownerOf(1002)?.pid).toBe(100);
    // Each socket is counted for exactly one process: 1002 always for 100, 1001 for whichever won.
    expect(o.ownerOf(1002)?.sockets).toBe(owner?.pid === 100 ? 2 : 1);
    if (owner?.pid === 300) expect(owner.sockets).toBe(1);
  });

  it('finds a socket in its other holder when the first one exits mid-lookup', async () => {
    writeProcess(300, { comm: 'child', start: 700, fds: { 3: 'socket:[1001]' } });
    fs.rmSync(path.join(root, '100', 'stat')); // 100 still lists the fd, but is gone when asked
    const { owners: o } = await owners();
    await o.update([1001]);
    expect(o.ownerOf(1001)).toMatchObject({ pid: 300, name: 'child', sockets: 1 });
  });

  it('finds owners on the next poll after a scan that failed midway', async () => {
    const inner = await createFdScanner(root, false);
    let fail = true;
    const flaky: FdScanner = {
      scanHere(pids, visit) {
        if (fail) {
          fail = false;
          throw new Error('scan interrupted');
        }
        inner.scanHere(pids, visit);
      },
      startShared: () => null,
      close: () => inner.close(),
    };
    const o = new SocketOwners(flaky, { procRoot: root });
    await expect(o.update([1001, 2001])).rejects.toThrow('scan interrupted');
    expect(o.ownerOf(1001)).toBeNull();
    await o.update([1001, 2001]);
    expect(o.ownerOf(1001)).toMatchObject({ pid: 100, sockets: 1 });
    expect(o.ownerOf(2001)).toMatchObject({ pid: 200, sockets: 1 });
  });

  it('drops the owner of a process that exited since the last poll', async () => {
    const { owners: o } = await owners();
    await o.update([2001]);
    fs.rmSync(path.join(root, '200'), { recursive: true });
    await o.update([2001]);
    expect(o.ownerOf(2001)).toBeNull();
  });

  it('retries an unowned socket a few polls later, in case it was caught mid-accept', async () => {
    const { owners: o } = await owners();
    await o.update([4001]);
    expect(o.ownerOf(4001)).toBeNull();
    fs.symlinkSync('socket:[4001]', path.join(root, '200', 'fd', '6'));
    for (let i = 0; i < 3; i++) await o.update([4001]);
    expect(o.ownerOf(4001)?.pid).toBe(200);
  });
});

describe('SocketOwners.version', () => {
  it('stays while no known socket can have another owner, new sockets found or not', async () => {
    const { owners: o } = await owners();
    await o.update([1001, 2001]);
    const v = o.version;
    await o.update([1001, 2001]);
    fs.symlinkSync('socket:[2002]', path.join(root, '200', 'fd', '4'));
    await o.update([1001, 2001, 2002, 9999]); // one new socket found, one in no table
    await o.update([1001, 2002]); // one gone
    expect(o.ownerOf(2002)?.pid).toBe(200);
    expect(o.version).toBe(v);
  });

  it('changes when a known socket gets an owner at last, or its owner exits or is renamed', async () => {
    const { owners: o } = await owners();
    await o.update([1001, 4001]);
    let v = o.version;
    const changed = (): boolean => {
      const was = v;
      v = o.version;
      return was !== v;
    };
    await o.update([1001, 4001]); // in no table (looked for everywhere now)
    changed();
    fs.symlinkSync('socket:[4001]', path.join(root, '200', 'fd', '6')); // accepted at last
    for (let i = 0; i < 3 && o.ownerOf(4001) === null; i++) await o.update([1001, 4001]); // looked at again a few polls later
    expect(o.ownerOf(4001)?.pid).toBe(200);
    expect(changed()).toBe(true);
    writeProcess(100, { comm: 'renamed', start: 500, fds: { 3: 'socket:[1001]' } });
    await o.update([1001, 4001]);
    expect(changed()).toBe(true);
    await o.update([1001, 4001]);
    expect(changed()).toBe(false);
    fs.rmSync(path.join(root, '100'), { recursive: true });
    await o.update([1001, 4001]);
    expect(o.ownerOf(1001)).toBeNull();
    expect(changed()).toBe(true);
  });
});

describe('SocketOwners.processInfo', () => {
  it('describes a process from /proc, its parent too', async () => {
    writeProcess(300, { comm: 'supervisor', start: 10, fds: {} });
    writeProcess(400, {
      ppid: 300,
      comm: 'web',
      start: 250,
      fds: {},
      exe: '/usr/bin/web',
      cmdline: ['web', '--port', '8080', ''].join('\u0000'),
      uid: 1000,
    });
    const { owners: o } = await owners();
    expect(await o.processInfo(400)).toEqual({
      pid: 400,
      name: 'web',
      exePath: '/usr/bin/web',
      commandLine: 'web --port 8080',
      user: 'alice',
      startedAt: new Date((1_700_000_000 + 2.5) * 1000).toISOString(),
      parentPid: 300,
      parentName: 'supervisor',
    });
  });

  it('gives null for what cannot be read, and for a process that is gone', async () => {
    writeProcess(500, { comm: 'kthread', start: 1, fds: {}, cmdline: '', uid: 4321 });
    const { owners: o } = await owners();
    // Its parent (pid 1 here) is not in this /proc: the pid is still known, the name is not.
    expect(await o.processInfo(500)).toMatchObject({
      exePath: null,
      commandLine: null,
      user: '4321',
      parentPid: 1,
      parentName: null,
    });
    expect(await o.processInfo(999)).toBeNull();
  });
});

describe('owner lookup under churn', () => {
  it('looks where new sockets came from lately first, and stops once all are found', async () => {
    const { owners: o, scanner } = await owners();
    await o.update([1001, 1002, 2001]); // the first lookup: every table
    // A churner (pid 200) keeps opening sockets: after a poll or two it is where the lookup starts.
    fs.symlinkSync('socket:[2002]', path.join(root, '200', 'fd', '9'));
    await o.update([1001, 1002, 2001, 2002]);
    fs.symlinkSync('socket:[2003]', path.join(root, '200', 'fd', '10'));
    scanner.scannedPids.length = 0;
    await o.update([1001, 1002, 2001, 2002, 2003]);
    expect(o.ownerOf(2003)?.pid).toBe(200);
    expect(scanner.scannedPids).toEqual([200]);
  });

  it('finds at once a socket whose fd was counted before it was in a dump (opened between the dump and the scan)', async () => {
    const { owners: o } = await owners();
    await o.update([1001, 1002, 2001]);
    // A poll's lookup (for 1003) counts pid 200's new fd, whose socket the dump before it did not have yet.
    fs.symlinkSync('socket:[1003]', path.join(root, '100', 'fd', '6'));
    fs.symlinkSync('socket:[2002]', path.join(root, '200', 'fd', '9'));
    await o.update([1001, 1002, 1003, 2001]);
    // The next dump has it, and pid 200's fd count is as the last lookup saw it.
    await o.update([1001, 1002, 1003, 2001, 2002]);
    expect(o.ownerOf(2002)?.pid).toBe(200);
  });

  it('leaves a socket gone before the scan for the next poll instead of reading every quiet table for it', async () => {
    writeProcess(300, { comm: 'quiet', start: 700, fds: { 3: 'socket:[3001]' } }); // a socket of no table row
    const { owners: o, scanner } = await owners();
    await o.update([1001, 1002, 2001]);
    scanner.scannedPids.length = 0;
    await o.update([1001, 1002, 2001, 9999]); // 9999 closed between the dump and the scan: in no table
    expect(scanner.scannedPids).not.toContain(300);
    expect(o.ownerOf(9999)).toBeNull();
    // Still listed a poll later: a socket some process holds, looked for everywhere then.
    await o.update([1001, 1002, 2001, 9999]);
    expect(scanner.scannedPids).toContain(300);
  });
});

describe('fd scanners', () => {
  it('find the same sockets alone and shared with the worker thread, big fd tables included', { timeout: 30_000 }, async () => {
    const many: Record<number, string> = {};
    for (let fd = 0; fd < 5000; fd++) many[fd] = fd % 3 === 0 ? '/dev/null' : `socket:[${100_000 + fd}]`;
    writeProcess(600, { comm: 'busy', start: 1, fds: many });
    const pids = listPids(root);
    const collect = async (shared: boolean, channelPairs?: number): Promise<string[]> => {
      const scanner = await createFdScanner(root, shared, channelPairs);
      const found: string[] = [];
      const visit = (inode: number, pid: number): boolean => {
        found.push(`${pid}:${inode}`);
        return false;
      };
      try {
        if (shared) {
          // Once to let the worker start, then the scan it takes part in.
          await scanner.startShared(pids)?.finish(() => false);
          const scan = scanner.startShared(pids);
          expect(scan).not.toBeNull();
          await scan?.finish(visit);
        } else {
          scanner.scanHere(pids, visit);
        }
      } finally {
        scanner.close();
      }
      return found.sort();
    };
    const alone = await collect(false);
    expect(alone).toHaveLength(3 + Math.ceil((5000 * 2) / 3) - 1);
    expect(await collect(true)).toEqual(alone);
    expect(await collect(true, 100)).toEqual(alone); // the worker finds more than it can share as it goes
  });
});
