// The one-socket lookup between polls: its request bytes and the two answers the kernel gives.
import { describe, expect, it } from 'vitest';
import { decodeLookupAnswer, NetlinkReplyError } from './inet-diag-decode';
import { tcpLookupRequest } from './inet-diag-request';

/** An NLMSG_ERROR answer carrying -errno. */
function errorAnswer(errno: number): Uint8Array {
  const bytes = new Uint8Array(36);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, 36, true);
  view.setUint16(4, 2, true); // NLMSG_ERROR
  view.setInt32(16, -errno, true);
  return bytes;
}

/** A SOCK_DIAG_BY_FAMILY answer: one inet_diag_msg in `state`. */
function socketAnswer(state: number): Uint8Array {
  const bytes = new Uint8Array(16 + 72);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, bytes.length, true);
  view.setUint16(4, 20, true); // SOCK_DIAG_BY_FAMILY
  bytes[16] = 2; // AF_INET
  bytes[17] = state;
  return bytes;
}

describe('the one-socket lookup', () => {
  it('asks for the endpoints of the given socket id, whatever the cookie, without NLM_F_DUMP', () => {
    const id = Uint8Array.from({ length: 48 }, (_, i) => i);
    const req = tcpLookupRequest(2, id, 77);
    const view = new DataView(req.buffer);
    expect([view.getUint32(0, true), view.getUint16(4, true), view.getUint16(6, true), view.getUint32(8, true)]).toEqual([
      72, 20, 1, 77,
    ]);
    expect([req[16], req[17]]).toEqual([2, 6]); // AF_INET, IPPROTO_TCP
    expect([...req.subarray(24, 64)]).toEqual([...id.subarray(0, 40)]); // ports, addresses, interface
    expect([...req.subarray(64, 72)]).toEqual(new Array(8).fill(0xff)); // INET_DIAG_NOCOOKIE
    expect(() => tcpLookupRequest(2, new Uint8Array(40), 1)).toThrow('inet_diag_sockid is 48 bytes, got 40');
  });

  it("reads the socket's state, null for ENOENT, and throws for any other refusal", () => {
    expect(decodeLookupAnswer(socketAnswer(6), 88)).toBe('TIME_WAIT');
    expect(decodeLookupAnswer(socketAnswer(10), 88)).toBe('LISTEN');
    expect(decodeLookupAnswer(errorAnswer(2), 36)).toBeNull();
    expect(() => decodeLookupAnswer(errorAnswer(1), 36)).toThrow(NetlinkReplyError);
    expect(() => decodeLookupAnswer(socketAnswer(6), 12)).toThrow('lookup answer of 12 bytes is too short');
    expect(() => decodeLookupAnswer(socketAnswer(99), 88)).toThrow('unknown TCP state 99');
  });
});
