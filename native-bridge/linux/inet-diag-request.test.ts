import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatIPv4, formatIPv6 } from '../../main/common/address-format';
import { decodeInetDiag, socketIdAt } from './inet-diag-decode';
import { sockDestroyRequest } from './inet-diag-request';
import { rowFromRecord } from './tcp-row';
import type { TcpRow } from '../../main/common/types';

// A dump captured from real sockets (fixtures/capture.mjs): each socket's id, as the kernel
// reported it, is what a SOCK_DESTROY request must name.
const dump = new Uint8Array(fs.readFileSync(path.join(import.meta.dirname, 'fixtures', 'netlink-dump.bin')));

interface Reported {
  row: TcpRow;
  cookie: number;
  id: Uint8Array;
}

function reportedSockets(): Reported[] {
  const out: Reported[] = [];
  decodeInetDiag(dump, dump.length, (r, at) => out.push({ row: rowFromRecord(r), cookie: r.cookie, id: socketIdAt(dump, at) }));
  return out;
}

/** Reads a SOCK_DESTROY request back, field by field, at the offsets linux/inet_diag.h gives. */
function readRequest(req: Uint8Array) {
  const v = new DataView(req.buffer, req.byteOffset, req.byteLength);
  const id = 16 + 8; // nlmsghdr, then inet_diag_req_v2's id after family, protocol, ext, pad, states
  const words = (at: number) => [0, 1, 2, 3].map((i) => v.getUint32(at + 4 * i, false));
  return {
    length: v.getUint32(0, true),
    type: v.getUint16(4, true),
    flags: v.getUint16(6, true),
    seq: v.getUint32(8, true),
    family: req[16],
    protocol: req[17],
    ext: req[18],
    states: v.getUint32(20, true),
    sport: v.getUint16(id, false),
    dport: v.getUint16(id + 2, false),
    src: words(id + 4),
    dst: words(id + 20),
    ifIndex: v.getUint32(id + 36, true),
    cookie: v.getUint32(id + 40, true) + v.getUint32(id + 44, true) * 2 ** 32,
  };
}

const addressText = (family: TcpRow['family'], w: number[]) =>
  family === 'ipv4' ? formatIPv4(w[0]) : formatIPv6(w[0], w[1], w[2], w[3]);

describe('sockDestroyRequest', () => {
  const sockets = reportedSockets();

  it.each([
    ['an IPv4', 'ipv4', 2],
    ['an IPv6', 'ipv6', 10],
  ] as const)('names %s connection by both endpoints, interface and cookie, as SOCK_DESTROY with an ack', (_what, family, af) => {
    const socket = sockets.find((s) => s.row.family === family && s.row.state === 'ESTABLISHED');
    if (!socket) throw new Error(`the fixture has no ESTABLISHED ${family} socket`);
    const req = readRequest(sockDestroyRequest(af, socket.id, 77));
    expect(req).toMatchObject({
      length: 72, // nlmsghdr 16 + inet_diag_req_v2 56
      type: 21, // SOCK_DESTROY
      flags: 0x1 | 0x4, // NLM_F_REQUEST | NLM_F_ACK, no dump
      seq: 77,
      family: af,
      protocol: 6, // IPPROTO_TCP
      ext: 0,
      states: 0,
      sport: socket.row.localPort,
      dport: socket.row.remotePort,
      ifIndex: socket.row.localScopeId ?? 0,
      cookie: socket.cookie,
    });
    expect(addressText(family, req.src)).toBe(socket.row.localAddress);
    expect(addressText(family, req.dst)).toBe(socket.row.remoteAddress);
    expect(socket.cookie).toBeGreaterThan(0);
  });

  it('gives every socket of the dump its own id', () => {
    const ids = new Set(sockets.map((s) => Buffer.from(s.id).toString('hex')));
    expect(ids.size).toBe(sockets.length);
    expect(sockets.length).toBeGreaterThan(10);
  });

  it('refuses an id of the wrong size rather than sending a request the kernel would misread', () => {
    expect(() => sockDestroyRequest(2, new Uint8Array(40), 1)).toThrow('inet_diag_sockid is 48 bytes, got 40');
  });
});
