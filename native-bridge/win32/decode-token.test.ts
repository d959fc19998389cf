import { describe, expect, it } from 'vitest';
import { accountName, sidText, tokenUserSid } from './decode-token';

/** A SID as laid out in winnt.h: revision 1, count, 6-byte big-endian authority, little-endian DWORD sub-authorities. */
function sid(authority: number, ...subs: number[]): Buffer {
  const b = Buffer.alloc(8 + 4 * subs.length);
  b[0] = 1;
  b[1] = subs.length;
  b.writeUIntBE(authority, 2, 6);
  subs.forEach((s, i) => b.writeUInt32LE(s, 8 + 4 * i));
  return b;
}

/** What GetTokenInformation(TokenUser) writes at `address`: TOKEN_USER (PSID at 0, attributes at 8), then the SID at 16. */
function tokenUser(address: bigint, s: Buffer, pointer = address + 16n): Buffer {
  const b = Buffer.alloc(16 + s.length + 8, 0xcc);
  b.writeBigUInt64LE(pointer, 0);
  b.writeUInt32LE(0, 8);
  s.copy(b, 16);
  return b;
}

describe('TokenUser', () => {
  const at = 0x7ff6_0000_1000n;

  it('follows the SID pointer into the buffer and takes exactly the SID', () => {
    const user = sid(5, 21, 3_623_811_015, 3_361_044_348, 30_300_820, 1013);
    const got = tokenUserSid(tokenUser(at, user), at);
    expect(got).toEqual(user);
    expect(sidText(got!)).toBe('S-1-5-21-3623811015-3361044348-30300820-1013');
  });

  it('well-known SIDs read as Windows writes them', () => {
    expect(sidText(sid(5, 18))).toBe('S-1-5-18'); // LocalSystem
    expect(sidText(sid(1, 0))).toBe('S-1-1-0'); // Everyone
    expect(sidText(sid(0x1234_5678_9abc, 7))).toBe('S-1-0x123456789ABC-7');
  });

  it('a pointer outside the buffer, a short buffer or a malformed SID is null, never read', () => {
    expect(tokenUserSid(tokenUser(at, sid(5, 18), 0x1000n), at)).toBeNull();
    expect(tokenUserSid(Buffer.alloc(8), at)).toBeNull();
    const bad = tokenUser(at, sid(5, 18));
    bad[16 + 1] = 40; // 40 sub-authorities: past the buffer and past SID_MAX_SUB_AUTHORITIES
    expect(tokenUserSid(bad, at)).toBeNull();
    const revision = tokenUser(at, sid(5, 18));
    revision[16] = 2;
    expect(tokenUserSid(revision, at)).toBeNull();
  });

  it('DOMAIN\\user, or the name alone without a domain', () => {
    expect(accountName('NT AUTHORITY', 'SYSTEM')).toBe('NT AUTHORITY\\SYSTEM');
    expect(accountName('', 'Everyone')).toBe('Everyone');
  });
});
