/**
 * A socket this side aborted (an RST from close with SO_LINGER 0, or tcp_disconnect) is freed with
 * its remote port and its local address cleared: the kernel's destroy notification says
 * `0.0.0.0:51546 → 127.0.0.1:0`. Where the other end is on this machine too, its own destroy
 * still names both endpoints, so the pair completes the aborted one. The aborted end is freed
 * first (the peer only when its process reads the RST, later on a busy machine), so an unpaired
 * one waits up to a second for its peer. Rows are never changed in place (a completed row is a new object).
 */
import type { TcpRow } from '../../main/common/types';

/** How the decoder writes the unspecified address (a listener's remote end). */
const UNSPECIFIED = { ipv4: '0.0.0.0', ipv6: '::' } as const;

/** What a drain heard: rows and, index for index, whatever else goes with each (its socket id). */
export interface Heard<T> {
  rows: TcpRow[];
  ids: T[];
}

/** How long an aborted end waits for its peer's destroy before it goes out as the kernel said. */
export const PAIR_WAIT_MS = 1_000;

export class AbortedEndPairing<T> {
  private waiting: Heard<T> & { since: number[] } = { rows: [], ids: [], since: [] };

  constructor(private readonly clock: () => number = () => performance.now()) {}

  /** This drain's rows, aborted ends completed where their peer is known; unpaired ones wait (up to PAIR_WAIT_MS) for later drains. */
  take(heard: Heard<T>): Heard<T> {
    const held = this.waiting;
    this.waiting = { rows: [], ids: [], since: [] };
    if (held.rows.length === 0 && !heard.rows.some(isAborted)) return heard;
    const now = this.clock();
    const rows = [...held.rows, ...heard.rows];
    const ids = [...held.ids, ...heard.ids];
    const since = [...held.since, ...heard.rows.map(() => now)];
    const peers = new Map<string, TcpRow>();
    for (const row of rows)
      if (!isAborted(row) && row.remotePort !== 0) peers.set(peerKey(row.family, row.localAddress, row.remotePort), row);
    const out: Heard<T> = { rows: [], ids: [] };
    rows.forEach((row, i) => {
      if (isAborted(row)) {
        const peer = peers.get(peerKey(row.family, row.remoteAddress, row.localPort));
        if (peer !== undefined) row = { ...row, localAddress: peer.remoteAddress, remotePort: peer.localPort };
        else if (now - since[i] < PAIR_WAIT_MS) {
          this.waiting.rows.push(row);
          this.waiting.ids.push(ids[i]);
          this.waiting.since.push(since[i]);
          return;
        }
      }
      out.rows.push(row);
      out.ids.push(ids[i]);
    });
    return out;
  }
}

const peerKey = (family: string, address: string, port: number): string => `${family} ${address} ${port}`;

/** A connection's end (a remote address) without a remote port: only an aborted socket looks so. */
const isAborted = (row: TcpRow): boolean => row.remotePort === 0 && row.remoteAddress !== UNSPECIFIED[row.family];
