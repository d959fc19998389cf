/**
 * The owning user of a process, from the bytes GetTokenInformation(TokenUser) writes: TOKEN_USER
 * (x64: a PSID, a DWORD of attributes, padding to 16) followed, in the same buffer, by the SID it
 * points to. Pure: the caller passes the buffer's address so the pointer can be turned into an offset.
 */

/** TOKEN_USER on x64: SID_AND_ATTRIBUTES { PSID Sid; DWORD Attributes; }, 16 bytes. */
export const TOKEN_USER_SIZE = 16;
/** SID: BYTE Revision, BYTE SubAuthorityCount, SID_IDENTIFIER_AUTHORITY (6 bytes), DWORD SubAuthority[]. */
const SID_HEADER = 8;
/** SID_MAX_SUB_AUTHORITIES. */
const MAX_SUB_AUTHORITIES = 15;

/** The SID bytes TOKEN_USER points to; null if the pointer leaves the buffer or the SID is malformed. */
export function tokenUserSid(buf: Buffer, address: bigint): Buffer | null {
  if (buf.length < TOKEN_USER_SIZE) return null;
  const pointer = buf.readBigUInt64LE(0);
  if (pointer < address || pointer >= address + BigInt(buf.length)) return null;
  const at = Number(pointer - address);
  if (at + SID_HEADER > buf.length) return null;
  const count = buf[at + 1];
  const end = at + SID_HEADER + 4 * count;
  if (buf[at] !== 1 || count > MAX_SUB_AUTHORITIES || end > buf.length) return null;
  return buf.subarray(at, end);
}

/** A SID as Windows writes it in text: S-1-5-21-…; the authority in hex when it does not fit 32 bits. */
export function sidText(sid: Buffer): string {
  const authority = sid.readUIntBE(2, 6);
  const parts = [
    `S-${sid[0]}`,
    authority < 2 ** 32 ? String(authority) : `0x${authority.toString(16).toUpperCase().padStart(12, '0')}`,
  ];
  for (let i = 0; i < sid[1]; i++) parts.push(String(sid.readUInt32LE(SID_HEADER + 4 * i)));
  return parts.join('-');
}

/** `DOMAIN\user` as LookupAccountSidW's two names give it (just `user` without a domain, as for "Everyone"). */
export function accountName(domain: string, name: string): string {
  return domain ? `${domain}\\${name}` : name;
}
