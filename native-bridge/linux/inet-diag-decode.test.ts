import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TcpRow } from '../../main/common/types';
import { decodeInetDiag, NetlinkReplyError } from './inet-diag-decode';
import { collectRows } from './tcp-row';
import { parseSs, tableKeys } from './testing/ss';

// Captured from real sockets by fixtures/capture.mjs, together with what `ss -tanH` said.
const fixtures = path.join(import.meta.dirname, 'fixtures');
const dump = new Uint8Array(fs.readFileSync(path.join(fixtures, 'netlink-dump.bin')));
const ss = parseSs(fs.readFileSync(path.join(fixtures, 'ss-tanH.txt'), 'utf8'));

function decode(bytes: Uint8Array, length = bytes.length): { rows: TcpRow[]; done: number } {
  const rows: TcpRow[] = [];
  const done = decodeInetDiag(bytes, length, collectRows(rows));
  return { rows, done };
}

/** One SOCK_DIAG_BY_FAMILY message: an IPv6 socket with a tcp_info of `infoLength` bytes. */
function socketMessage(options: { infoLength?: number; ifIndex?: number; src?: number[]; dst?: number[] } = {}): Uint8Array {
  const infoLength = options.infoLength ?? 232;
  const rta = infoLength > 0 ? 4 + infoLength : 0;
  const len = 16 + 72 + ((rta + 3) & ~3);
  const b = new Uint8Array(len);
  const v = new DataView(b.buffer);
  v.setUint32(0, len, true);
  v.setUint16(4, 20, true); // SOCK_DIAG_BY_FAMILY
  const m = 16;
  b[m] = 10; // AF_INET6
  b[m + 1] = 1; // ESTABLISHED
  v.setUint16(m + 4, 443, false);
  v.setUint16(m + 6, 50000, false);
  (options.src ?? [0xfe800000, 0, 0, 1]).forEach((w, i) => v.setUint32(m + 8 + 4 * i, w, false));
  (options.dst ?? [0xfe800000, 0, 0, 2]).forEach((w, i) => v.setUint32(m + 24 + 4 * i, w, false));
  v.setUint32(m + 40, options.ifIndex ?? 3, true);
  v.setUint32(m + 64, 1000, true); // uid
  v.setUint32(m + 68, 4242, true); // inode
  if (rta > 0) {
    const a = m + 72;
    v.setUint16(a, rta, true);
    v.setUint16(a + 2, 2, true); // INET_DIAG_INFO
    if (infoLength >= 72) v.setUint32(a + 4 + 68, 12_345, true); // tcpi_rtt, µs
    if (infoLength >= 128) v.setUint32(a + 4 + 120, 7, true); // tcpi_bytes_acked, low word
    if (infoLength >= 208) v.setUint32(a + 4 + 200, 9, true); // tcpi_bytes_sent (4.19+), low word
    if (infoLength >= 136) {
      v.setUint32(a + 4 + 128, 1, true); // tcpi_bytes_received = 2^32 + 1
      v.setUint32(a + 4 + 132, 1, true);
    }
  }
  return b;
}

function nlmsg(type: number, payload: number[]): Uint8Array {
  const b = new Uint8Array(16 + 4 * payload.length);
  const v = new DataView(b.buffer);
  v.setUint32(0, b.length, true);
  v.setUint16(4, type, true);
  payload.forEach((x, i) => v.setInt32(16 + 4 * i, x, true));
  return b;
}

describe('decodeInetDiag on a captured dump', () => {
  const { rows, done } = decode(dump);

  it('yields exactly the sockets ss listed, both dumps finished', () => {
    expect(done).toBe(2);
    expect(tableKeys(rows)).toEqual(tableKeys(ss));
  });

  it('covers the states and address forms the capture was made for', () => {
    const states = new Set(rows.map((r) => r.state));
    for (const s of ['LISTEN', 'ESTABLISHED', 'SYN_SENT', 'FIN_WAIT_2', 'CLOSE_WAIT', 'TIME_WAIT'] as const)
      expect(states).toContain(s);
    expect(rows.some((r) => r.family === 'ipv6' && r.localAddress === '::1')).toBe(true);
    expect(rows.some((r) => r.localAddress === '::ffff:127.0.0.1' && r.remoteAddress === '::ffff:127.0.0.1')).toBe(true);
    expect(rows.some((r) => r.state === 'LISTEN' && r.localAddress === '::')).toBe(true);
  });

  it('reports tcp_info counters for connections, none for TIME_WAIT', () => {
    for (const r of rows.filter((x) => x.state === 'ESTABLISHED')) {
      expect(r.bytesSent).toEqual(expect.any(Number));
      expect(r.bytesReceived).toEqual(expect.any(Number));
    }
    // Connected ones have measured a round trip; TIME_WAIT sockets carry no tcp_info at all.
    expect(rows.filter((x) => x.state === 'ESTABLISHED' && x.inode !== 0).every((r) => (r.rttMs ?? 0) > 0)).toBe(true);
    for (const r of rows.filter((x) => x.state === 'TIME_WAIT')) {
      expect(r).toMatchObject({ inode: 0, bytesSent: null, bytesReceived: null, rttMs: null });
    }
    for (const r of rows.filter((x) => x.state === 'LISTEN')) expect(r.rttMs).toBeNull();
  });

  it('gives every row the same fields, owner left for owners.ts', () => {
    for (const r of rows) {
      expect(r).toMatchObject({ pid: null, processName: null, offloadState: null, createdAt: null, uid: 0 });
      expect(r.inode).toEqual(expect.any(Number));
    }
  });

  it('decodes chunk by chunk the same as all at once', () => {
    const pieces: TcpRow[] = [];
    let off = 0;
    while (off < dump.length) {
      // A datagram is a run of messages; any message boundary splits the stream validly.
      const len = new DataView(dump.buffer, off).getUint32(0, true);
      decodeInetDiag(dump.subarray(off, off + len), len, collectRows(pieces));
      off += len;
    }
    expect(pieces).toEqual(rows);
  });
});

describe('decodeInetDiag on malformed input', () => {
  it('names the offset when a message claims more bytes than remain', () => {
    const cut = dump.subarray(0, 200);
    expect(() => decode(cut)).toThrow(/^inet_diag: message at offset \d+ claims length \d+ but only \d+ bytes remain$/);
  });

  it('names a header cut short', () => {
    expect(() => decode(dump.subarray(0, 10))).toThrow('inet_diag: message header at offset 0 needs 16 bytes but only 10 remain');
  });

  it('rejects a length shorter than the header itself', () => {
    const b = socketMessage();
    new DataView(b.buffer).setUint32(0, 4, true);
    expect(() => decode(b)).toThrow('inet_diag: message at offset 0 claims length 4, shorter than its header');
  });

  it('rejects a socket message too short for inet_diag_msg', () => {
    const b = socketMessage().slice(0, 40);
    new DataView(b.buffer).setUint32(0, 40, true);
    expect(() => decode(b)).toThrow('inet_diag: message at offset 0 has 24 payload bytes, too few for inet_diag_msg (72)');
  });

  it('rejects an attribute running past its message', () => {
    const b = socketMessage();
    new DataView(b.buffer).setUint16(16 + 72, 999, true);
    expect(() => decode(b)).toThrow(/^inet_diag: attribute at offset 88 claims length 999 but only \d+ bytes remain$/);
  });

  it('rejects an unknown state and family with their values', () => {
    const state = socketMessage();
    state[17] = 13;
    expect(() => decode(state)).toThrow('inet_diag: message at offset 0 has unknown TCP state 13');
    const family = socketMessage();
    family[16] = 7;
    expect(() => decode(family)).toThrow('inet_diag: message at offset 0 has unexpected address family 7');
  });

  it('turns a kernel refusal into an error carrying errno', () => {
    let error: unknown;
    try {
      decode(nlmsg(2, [-13, 0, 0, 0, 0, 0]));
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(NetlinkReplyError);
    expect(error).toMatchObject({ errno: 13, message: 'inet_diag: kernel refused the request: EACCES' });
    expect(() => decode(nlmsg(3, [-22]))).toThrow('inet_diag: dump ended with an error: EINVAL');
  });

  it('never reads out of bounds, whatever the damage: a clear error or rows, nothing else', () => {
    const rng = mulberry32(42);
    for (let i = 0; i < 2000; i++) {
      const b = dump.slice();
      const flips = 1 + Math.floor(rng() * 4);
      for (let f = 0; f < flips; f++) b[Math.floor(rng() * b.length)] = Math.floor(rng() * 256);
      const length = rng() < 0.5 ? b.length : Math.floor(rng() * b.length);
      try {
        decode(b, length);
      } catch (err) {
        expect(err).toBeInstanceOf(Error);
        expect((err as Error).constructor).not.toBe(RangeError);
        expect((err as Error).message).toMatch(/^inet_diag: [^\n]+$/);
      }
    }
  });

  it('refuses a length beyond its buffer', () => {
    expect(() => decode(dump.subarray(0, 100), 200)).toThrow('inet_diag: chunk length 200 exceeds its 100-byte buffer');
  });
});

describe('decodeInetDiag tcp_info and scope', () => {
  it('reads RTT (µs → ms) and 64-bit byte counters; bytes sent are tcpi_bytes_sent', () => {
    const [row] = decode(socketMessage()).rows;
    expect(row).toMatchObject({ rttMs: 12.345, bytesSent: 9, bytesReceived: 2 ** 32 + 1 });
  });

  it('falls back to the acknowledged bytes on kernels before 4.19 (no tcpi_bytes_sent)', () => {
    expect(decode(socketMessage({ infoLength: 160 })).rows[0]).toMatchObject({ bytesSent: 7, bytesReceived: 2 ** 32 + 1 });
  });

  it('gives null for counters an older kernel’s shorter tcp_info lacks', () => {
    expect(decode(socketMessage({ infoLength: 104 })).rows[0]).toMatchObject({
      rttMs: 12.345,
      bytesSent: null,
      bytesReceived: null,
    });
    expect(decode(socketMessage({ infoLength: 40 })).rows[0]).toMatchObject({
      rttMs: null,
      bytesSent: null,
      bytesReceived: null,
    });
    expect(decode(socketMessage({ infoLength: 0 })).rows[0]).toMatchObject({ rttMs: null, bytesSent: null, bytesReceived: null });
  });

  it('attaches the interface index to link-local addresses only', () => {
    const [linkLocal] = decode(socketMessage()).rows;
    expect(linkLocal).toMatchObject({ localAddress: 'fe80::1', remoteAddress: 'fe80::2', localScopeId: 3, remoteScopeId: 3 });
    const [global] = decode(socketMessage({ src: [0x20010db8, 0, 0, 1], dst: [0x20010db8, 0, 0, 2] })).rows;
    expect(global.localAddress).toBe('2001:db8::1');
    expect(global).not.toHaveProperty('localScopeId');
    expect(global).not.toHaveProperty('remoteScopeId');
  });
});

/** Small deterministic PRNG, so a failing damage case can be reproduced. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
