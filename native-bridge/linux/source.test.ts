import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as Netlink from './netlink';
import type * as Decode from './inet-diag-decode';
import { ActionError } from '../../main/common/errors';
import { createLinuxSource } from './source';
import type { TcpRow } from '../../main/common/types';

// The netlink client is replaced by one that replays a captured dump (or refuses like a
// sandboxed kernel would); everything above it is the real source.
const netlink = vi.hoisted(() => ({ refuseWith: 0, dump: new Uint8Array(0), sent: [] as Uint8Array[], answerErrno: 0 }));
vi.mock('./netlink', async () => {
  const { NetlinkSyscallError } = await vi.importActual<typeof Netlink>('./netlink');
  const { NetlinkReplyError } = await vi.importActual<typeof Decode>('./inet-diag-decode');
  class ReplayClient {
    constructor() {
      if (netlink.refuseWith) throw new NetlinkSyscallError(netlink.refuseWith, 'socket');
    }
    probe(): void {}
    dumpTcp(sink: (chunk: Uint8Array, length: number) => boolean): void {
      sink(netlink.dump, netlink.dump.length);
    }
    /** Records what would be sent, and answers as the test says the kernel does. */
    request(make: (seq: number) => Uint8Array): void {
      netlink.sent.push(make(1));
      if (netlink.answerErrno) throw new NetlinkReplyError(netlink.answerErrno, 'kernel refused the request');
    }
    close(): void {}
  }
  return { NetlinkSyscallError, SockDiagClient: ReplayClient };
});

const fixtures = path.join(import.meta.dirname, 'fixtures');
let procRoot: string;

beforeEach(() => {
  netlink.refuseWith = 0;
  netlink.sent = [];
  netlink.answerErrno = 0;
  netlink.dump = new Uint8Array(fs.readFileSync(path.join(fixtures, 'netlink-dump.bin')));
  // A /proc with the captured TCP tables and no processes.
  procRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'sockscope-source-'));
  fs.mkdirSync(path.join(procRoot, 'net'));
  fs.copyFileSync(path.join(fixtures, 'proc-net-tcp.txt'), path.join(procRoot, 'net', 'tcp'));
  fs.copyFileSync(path.join(fixtures, 'proc-net-tcp6.txt'), path.join(procRoot, 'net', 'tcp6'));
});

afterEach(() => {
  fs.rmSync(procRoot, { recursive: true, force: true });
});

describe('createLinuxSource', () => {
  it('uses netlink when the kernel lets it', async () => {
    const source = await createLinuxSource({ procRoot });
    expect(source).toMatchObject({ kind: 'netlink' });
    expect(await source.snapshot()).toHaveLength(21);
    source.close?.();
  });

  it('falls back to /proc/net/tcp when netlink is refused, and says why', async () => {
    netlink.refuseWith = 13;
    const source = await createLinuxSource({ procRoot });
    expect(source).toMatchObject({ kind: 'proc', description: `${procRoot}/net/tcp (netlink refused: EACCES)` });
    expect(await source.snapshot()).toHaveLength(21);
    source.close?.();
  });

  it('reads /proc/net/tcp when asked to', async () => {
    const source = await createLinuxSource({ procRoot, forceProc: true });
    expect(source.kind).toBe('proc');
    source.close?.();
  });

  it('fails a /proc snapshot with one clear line when the table is unreadable', async () => {
    fs.rmSync(path.join(procRoot, 'net', 'tcp'));
    const source = await createLinuxSource({ procRoot, forceProc: true });
    await expect(source.snapshot()).rejects.toThrow(`cannot read ${path.join(procRoot, 'net', 'tcp')}: ENOENT`);
    source.close?.();
  });

  it('tolerates a missing tcp6 table (IPv6 disabled)', async () => {
    fs.rmSync(path.join(procRoot, 'net', 'tcp6'));
    const source = await createLinuxSource({ procRoot, forceProc: true });
    const rows = await source.snapshot();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.family === 'ipv4')).toBe(true);
    source.close?.();
  });
});

describe('netlink snapshots', () => {
  it('hand back the same row object for an unchanged socket and a new one for a changed socket', async () => {
    const source = await createLinuxSource({ procRoot });
    const first = await source.snapshot();
    const second = await source.snapshot();
    expect(second).toEqual(first);
    second.forEach((row, i) => expect(row).toBe(first[i]));

    // Change one socket's state in the replayed dump: the first message's state byte.
    netlink.dump = netlink.dump.slice();
    netlink.dump[17] = 1; // LISTEN → ESTABLISHED
    const third = await source.snapshot();
    expect(third[0]).not.toBe(second[0]);
    expect(second[0].state).toBe('LISTEN'); // the earlier snapshot is left as it was
    expect(third[0].state).toBe('ESTABLISHED');
    expect(third.slice(1).every((row, i) => row === second[i + 1])).toBe(true);
    source.close?.();
  });
});

describe('owners of netlink rows', () => {
  /** A process of the fake /proc holding sockets (fd → inode). */
  const writeProcess = (pid: number, comm: string, start: number, inodes: number[]): void => {
    const dir = path.join(procRoot, String(pid));
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(path.join(dir, 'fd'), { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'stat'),
      `${pid} (${comm}) S 1 1 1 0 -1 4194560 100 0 0 0 0 0 0 0 20 0 1 0 ${start} 1000 100\n`,
    );
    inodes.forEach((inode, i) => fs.symlinkSync(`socket:[${inode}]`, path.join(dir, 'fd', String(i + 3))));
  };

  it('change on a row kept from the last snapshot when its process is renamed or passes the socket on, and only there', async () => {
    const probe = await createLinuxSource({ procRoot });
    // The first row's socket (the one a changed state byte below changes), and another.
    const [inode, other] = (await probe.snapshot()).map((r) => r.inode ?? 0).filter((n) => n !== 0);
    probe.close?.();
    writeProcess(100, 'server', 500, [inode]);
    writeProcess(200, 'helper', 600, [other]);
    const source = await createLinuxSource({ procRoot });
    const owned = (rows: TcpRow[]): TcpRow => rows.find((r) => r.inode === inode)!;
    /** The rows that are not the previous snapshot's objects. */
    const renewed = (rows: TcpRow[], before: TcpRow[]): TcpRow[] => rows.filter((row, i) => row !== before[i]);

    const first = await source.snapshot();
    expect(owned(first)).toMatchObject({ pid: 100, processName: 'server' });
    const second = await source.snapshot();
    expect(renewed(second, first)).toEqual([]);

    writeProcess(100, 'renamed', 500, [inode]); // exec: the same process, another name
    const third = await source.snapshot();
    expect(renewed(third, second)).toEqual([owned(third)]);
    expect(owned(third)).toMatchObject({ pid: 100, processName: 'renamed' });
    expect(owned(second).processName).toBe('server'); // the earlier snapshot is left as it was

    // The socket passed to another process, and its first holder gone.
    fs.rmSync(path.join(procRoot, '100'), { recursive: true });
    writeProcess(300, 'heir', 700, [inode]);
    const fourth = await source.snapshot();
    expect(renewed(fourth, third)).toEqual([owned(fourth)]);
    expect(owned(fourth)).toMatchObject({ pid: 300, processName: 'heir' });
    expect(fourth.find((r) => r.inode === other)).toMatchObject({ pid: 200, processName: 'helper' });
    const fifth = await source.snapshot();
    expect(renewed(fifth, fourth)).toEqual([]);

    // A socket that changed (here its state; its counters alike) gets a new row, with its owner.
    expect(fifth[0].inode).toBe(inode);
    netlink.dump = netlink.dump.slice();
    netlink.dump[17] = 1; // LISTEN → ESTABLISHED
    const sixth = await source.snapshot();
    expect(renewed(sixth, fifth)).toEqual([sixth[0]]);
    expect(sixth[0]).toMatchObject({ state: 'ESTABLISHED', pid: 300, processName: 'heir' });
    source.close?.();
  });
});

describe('overlapping snapshots', () => {
  it('run one after the other and agree', async () => {
    const source = await createLinuxSource({ procRoot });
    const [a, b, c] = await Promise.all([source.snapshot(), source.snapshot(), source.snapshot()]);
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    source.close?.();
  });
});

describe('closing a connection', () => {
  it('sends SOCK_DESTROY naming the socket the row came from, by the id the kernel reported', async () => {
    const source = await createLinuxSource({ procRoot });
    expect([source.closeRefusal?.('ipv4'), source.closeRefusal?.('ipv6')]).toEqual([null, null]);
    const rows = await source.snapshot();
    const target = rows.find((r) => r.family === 'ipv6' && r.state === 'ESTABLISHED')!;
    await source.closeConnection!(target);
    expect(netlink.sent).toHaveLength(1);
    const req = new DataView(netlink.sent[0].buffer);
    expect(req.getUint16(4, true)).toBe(21); // SOCK_DESTROY
    expect(netlink.sent[0][16]).toBe(10); // AF_INET6
    expect([req.getUint16(24, false), req.getUint16(26, false)]).toEqual([target.localPort, target.remotePort]);
    source.close?.();
  });

  it('says no such connection for a row that is not in the last snapshot, and sends nothing', async () => {
    const source = await createLinuxSource({ procRoot });
    const [first] = await source.snapshot();
    await expect(source.closeConnection!({ ...first })).rejects.toThrow(
      new ActionError('no such connection (it may have closed already)'),
    );
    netlink.dump = new Uint8Array(0); // the socket is gone from the next dump
    await expect(source.closeConnection!(first)).rejects.toThrow(
      new ActionError('no such connection (it may have closed already)'),
    );
    expect(netlink.sent).toEqual([]);
    source.close?.();
  });

  it('turns the kernel’s refusal into its one line', async () => {
    const source = await createLinuxSource({ procRoot });
    const [first] = await source.snapshot();
    netlink.answerErrno = 1; // EPERM
    const refused = await source.closeConnection!(first).catch((e: Error) => e);
    expect(refused).toBeInstanceOf(ActionError);
    expect((refused as Error).message).toBe('needs administrator rights (CAP_NET_ADMIN)');
    source.close?.();
  });

  it('is refused by the /proc source, which says why', async () => {
    netlink.refuseWith = 13;
    const source = await createLinuxSource({ procRoot });
    expect(source.closeRefusal?.('ipv4')).toBe(
      'closing connections needs netlink sock_diag, which is unavailable here: netlink refused: EACCES',
    );
    expect(source.closeConnection).toBeUndefined();
    source.close?.();
  });
});
