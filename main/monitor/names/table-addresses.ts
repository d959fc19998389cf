/**
 * The addresses the connection table shows (local and remote, scoped), counted by the rows that
 * show them, each with its name once known. Kept up to date from the table's events: the cost is
 * per new or closed row, nothing per unchanged one.
 */
import type { TcpRow } from '../../common/types';
import { scopedAddress } from '../../common/endpoint-text';

interface Shown {
  rows: number;
  /** Undefined until known; null: no name. */
  host: string | null | undefined;
}

export const rowAddresses = (row: TcpRow): [local: string, remote: string] => [
  scopedAddress(row.localAddress, row.localScopeId),
  scopedAddress(row.remoteAddress, row.remoteScopeId),
];

export class TableAddresses {
  private readonly shown = new Map<string, Shown>();

  /** Counts one more row showing the address; true if the table did not show it before. */
  add(address: string): boolean {
    const entry = this.shown.get(address);
    if (entry) {
      entry.rows++;
      return false;
    }
    this.shown.set(address, { rows: 1, host: undefined });
    return true;
  }

  /** One row fewer; the last one gone, the address (and its name) leave the table. */
  remove(address: string): void {
    const entry = this.shown.get(address);
    if (entry && --entry.rows === 0) this.shown.delete(address);
  }

  has(address: string): boolean {
    return this.shown.has(address);
  }

  /** Records the address's name; false if the table no longer shows it. */
  setName(address: string, host: string | null): boolean {
    const entry = this.shown.get(address);
    if (entry) entry.host = host;
    return entry !== undefined;
  }

  /** The names known of the addresses shown. */
  *names(): Generator<{ address: string; host: string | null }> {
    for (const [address, { host }] of this.shown) if (host !== undefined) yield { address, host };
  }
}
