/**
 * Sort keys for IP addresses, so the grid orders 10.0.0.9 before 10.0.0.10 and groups IPv4
 * (including IPv4-mapped IPv6) before native IPv6. Computed once per row version, because a
 * comparator that parses addresses would run n·log n parses on every sort of 100 000 rows.
 */

const IPV4_MAPPED_PREFIX = '::ffff:';

/** Addresses repeat across rows (every loopback connection shares two): keys are remembered. */
const KEY_CACHE_LIMIT = 50_000;
const keyCache = new Map<string, string>();

/** Fixed-width text that sorts like the address: a family digit then 32 hex digits. */
export function addressSortKey(address: string): string {
  let key = keyCache.get(address);
  if (key === undefined) {
    if (keyCache.size >= KEY_CACHE_LIMIT) keyCache.clear(); // bounded: a busy server meets many peers
    key = computeSortKey(address);
    keyCache.set(address, key);
  }
  return key;
}

function computeSortKey(address: string): string {
  const lower = address.toLowerCase();
  const v4 = lower.startsWith(IPV4_MAPPED_PREFIX) && lower.includes('.') ? lower.slice(IPV4_MAPPED_PREFIX.length) : lower;
  const v4Hex = ipv4Hex(v4);
  if (v4Hex !== null) return `4${v4Hex.padStart(32, '0')}`;
  const v6Hex = ipv6Hex(lower);
  if (v6Hex !== null) return `6${v6Hex}`;
  // Unparseable text (should not happen): after every real address, in text order.
  return `9${address}`;
}

function ipv4Hex(text: string): string | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let hex = '';
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return null;
    const value = Number(part);
    if (value > 255) return null;
    hex += value.toString(16).padStart(2, '0');
  }
  return hex;
}

function ipv6Hex(text: string): string | null {
  const withoutScope = text.split('%')[0] ?? '';
  const halves = withoutScope.split('::');
  if (halves.length > 2) return null;
  const head = groupsOf(halves[0] ?? '');
  const tail = halves.length === 2 ? groupsOf(halves[1] ?? '') : [];
  if (head === null || tail === null) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 0) return null;
  const groups = [...head, ...Array<string>(missing).fill('0'), ...tail];
  return groups.map((group) => group.padStart(4, '0')).join('');
}

/** Colon-separated groups; a trailing dotted quad counts as two groups. */
function groupsOf(part: string): string[] | null {
  if (part === '') return [];
  const groups: string[] = [];
  const pieces = part.split(':');
  for (const [index, piece] of pieces.entries()) {
    if (index === pieces.length - 1 && piece.includes('.')) {
      const v4 = ipv4Hex(piece);
      if (v4 === null) return null;
      groups.push(v4.slice(0, 4), v4.slice(4));
    } else if (/^[0-9a-f]{1,4}$/.test(piece)) {
      groups.push(piece);
    } else {
      return null;
    }
  }
  return groups;
}
