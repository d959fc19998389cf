/**
 * IP address text forms for TcpRow, shared by every source: IPv4 dotted quad and RFC 5952 IPv6
 * (`::1`, `fe80::1`, `::ffff:127.0.0.1`). Inputs are the address as 32-bit words in network
 * order, word[0] first, so the netlink decoder (bytes), the /proc parser (hex) and the Windows
 * decoders (bytes) all share it.
 * Cached: a table of 40 000 sockets repeats a handful of addresses, and formatting is the
 * costliest part of decoding a row.
 */

const CACHE_LIMIT = 4096;

/** `a.b.c.d` of a network-order IPv4 address held as an unsigned 32-bit number. */
export function formatIPv4(word: number): string {
  return `${word >>> 24}.${(word >>> 16) & 0xff}.${(word >>> 8) & 0xff}.${word & 0xff}`;
}

/** RFC 5952 text of an IPv6 address given as four network-order 32-bit words. */
export function formatIPv6(w0: number, w1: number, w2: number, w3: number): string {
  // IPv4-mapped (::ffff:a.b.c.d) keeps the dotted tail (RFC 5952 section 5).
  if (w0 === 0 && w1 === 0 && w2 >>> 0 === 0xffff) return `::ffff:${formatIPv4(w3 >>> 0)}`;
  const groups = [w0 >>> 16, w0 & 0xffff, w1 >>> 16, w1 & 0xffff, w2 >>> 16, w2 & 0xffff, w3 >>> 16, w3 & 0xffff];
  // Longest run of two or more zero groups becomes "::"; the first one wins a tie.
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (from: number, to: number): string =>
    groups
      .slice(from, to)
      .map((g) => g.toString(16))
      .join(':');
  if (bestStart < 0) return hex(0, 8);
  return `${hex(0, bestStart)}::${hex(bestStart + bestLen, 8)}`;
}

/** True for fe80::/10, where an address means something only with its interface (scope id). */
export function isLinkLocalIPv6(w0: number): boolean {
  return w0 >>> 22 === 0x3fa;
}

/** Memoizes address text by value; bounded so a long-running monitor cannot grow it forever. */
export class AddressTextCache {
  private readonly v4 = new Map<number, string>();
  private readonly v4Mapped = new Map<number, string>();
  private readonly v6 = new Map<string, string>();
  // The last IPv4 answer: consecutive rows mostly share an address (127.0.0.1, a server's own
  // address), and comparing one number beats a Map lookup.
  private lastWord = -1;
  private lastText = '';

  ipv4(word: number): string {
    if (word === this.lastWord) return this.lastText;
    const text = this.v4.get(word) ?? remember(this.v4, word, formatIPv4(word));
    this.lastWord = word;
    this.lastText = text;
    return text;
  }

  ipv6(w0: number, w1: number, w2: number, w3: number): string {
    // The zero-prefix forms (::, ::1, ::ffff:a.b.c.d) are most of a real table: key them by number.
    if (w0 === 0 && w1 === 0) {
      if (w2 === 0 && w3 === 0) return '::';
      if (w2 === 0 && w3 === 1) return '::1';
      if (w2 >>> 0 === 0xffff) {
        const text = this.v4Mapped.get(w3);
        return text ?? remember(this.v4Mapped, w3, formatIPv6(w0, w1, w2, w3));
      }
    }
    const key = `${w0},${w1},${w2},${w3}`;
    const text = this.v6.get(key);
    return text ?? remember(this.v6, key, formatIPv6(w0, w1, w2, w3));
  }
}

function remember<K>(map: Map<K, string>, key: K, text: string): string {
  if (map.size >= CACHE_LIMIT) map.clear();
  map.set(key, text);
  return text;
}
