import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TcpRow } from '../../main/common/types';
import { decodeInetDiag } from './inet-diag-decode';
import { parseProcNetTcp } from './proc-net-tcp';
import { collectRows } from './tcp-row';
import { parseSs, rowKey, tableKeys } from './testing/ss';

// Captured at the same moment as the netlink dump and `ss -tanH` (fixtures/capture.mjs).
const fixtures = path.join(import.meta.dirname, 'fixtures');
const read = (name: string): string => fs.readFileSync(path.join(fixtures, name), 'utf8');
const ss = parseSs(read('ss-tanH.txt'));

function parseBoth(tcp = read('proc-net-tcp.txt'), tcp6 = read('proc-net-tcp6.txt')): TcpRow[] {
  const rows: TcpRow[] = [];
  parseProcNetTcp(tcp, 'ipv4', collectRows(rows));
  parseProcNetTcp(tcp6, 'ipv6', collectRows(rows));
  return rows;
}

describe('parseProcNetTcp on captured tables', () => {
  const rows = parseBoth();

  it('yields exactly the sockets ss listed', () => {
    expect(tableKeys(rows)).toEqual(tableKeys(ss));
  });

  it('agrees with the netlink dump on inode and uid of every socket', () => {
    const netlink: TcpRow[] = [];
    const dump = new Uint8Array(fs.readFileSync(path.join(fixtures, 'netlink-dump.bin')));
    decodeInetDiag(dump, dump.length, collectRows(netlink));
    const byKey = new Map(netlink.map((r) => [rowKey(r), r]));
    for (const r of rows)
      expect({ key: rowKey(r), inode: r.inode, uid: r.uid }).toEqual({
        key: rowKey(r),
        inode: byKey.get(rowKey(r))?.inode,
        uid: byKey.get(rowKey(r))?.uid,
      });
  });

  it('has no counters to offer', () => {
    for (const r of rows) expect(r).toMatchObject({ bytesSent: null, bytesReceived: null, rttMs: null, pid: null });
  });
});

describe('parseProcNetTcp on malformed text', () => {
  const header = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n';
  const good =
    '   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 12345 1 0000000000000000 100 0 0 10 0\n';
  const parse = (text: string, family: 'ipv4' | 'ipv6' = 'ipv4'): TcpRow[] => {
    const rows: TcpRow[] = [];
    parseProcNetTcp(text, family, collectRows(rows));
    return rows;
  };

  it('parses a well-formed line (host-order hex words, hex port and state)', () => {
    expect(parse(header + good)).toMatchObject([
      { localAddress: '127.0.0.1', localPort: 8080, state: 'LISTEN', uid: 1000, inode: 12345 },
    ]);
  });

  it('names the line of a bad address, state, uid or inode', () => {
    expect(() => parse(header + good + good.replace('0100007F:1F90', '0100007G:1F90'))).toThrow(
      '/proc/net/tcp line 3: malformed local address "0100007G:1F90"',
    );
    expect(() => parse(header + good.replace('00000000:0000', '0000:0000'))).toThrow(
      '/proc/net/tcp line 2: malformed remote address "0000:0000"',
    );
    expect(() => parse(header + good.replace(' 0A ', ' 0D '))).toThrow('/proc/net/tcp line 2: unknown TCP state "0D"');
    expect(() => parse(header + good.replace('  1000 ', '  -1 '))).toThrow('/proc/net/tcp line 2: malformed uid "-1"');
    expect(() => parse(header + good.replace(' 12345 ', ' 12x45 '))).toThrow('/proc/net/tcp line 2: malformed inode "12x45"');
  });

  it('names a truncated line and a missing header', () => {
    expect(() => parse(header + good + good.slice(0, 40))).toThrow('/proc/net/tcp line 3: expected at least 10 fields, found 5');
    expect(() => parse(good)).toThrow('/proc/net/tcp line 1: not a TCP table header');
  });

  it('rejects an IPv4-sized address in the IPv6 table', () => {
    expect(() => parse(header + good, 'ipv6')).toThrow('/proc/net/tcp6 line 2: malformed local address "0100007F:1F90"');
  });
});
