/** Test support: parses `ss -tanH` / `ss -tanpH` output, the reference our rows are checked against. */
import type { AddressFamily, TcpRow, TcpState } from '../../../main/common/types';

export interface SsRow {
  family: AddressFamily;
  state: TcpState;
  localAddress: string;
  localPort: number;
  remoteAddress: string;
  remotePort: number;
  /** From users:(("name",pid=N,fd=M),…); empty when ss names no process. */
  pids: number[];
}

const SS_STATES: Record<string, TcpState> = {
  ESTAB: 'ESTABLISHED',
  'SYN-SENT': 'SYN_SENT',
  'SYN-RECV': 'SYN_RECEIVED',
  'FIN-WAIT-1': 'FIN_WAIT_1',
  'FIN-WAIT-2': 'FIN_WAIT_2',
  'TIME-WAIT': 'TIME_WAIT',
  UNCONN: 'CLOSED',
  'CLOSE-WAIT': 'CLOSE_WAIT',
  'LAST-ACK': 'LAST_ACK',
  LISTEN: 'LISTEN',
  CLOSING: 'CLOSING',
};

/** "127.0.0.1:80", "[::1]:80", "*:80" (dual-stack ::), "0.0.0.0:*", "127.0.0.1%lo:80". */
function endpoint(text: string): { family: AddressFamily; address: string; port: number } {
  const colon = text.lastIndexOf(':');
  let host = text.slice(0, colon);
  const port = text.slice(colon + 1);
  const family: AddressFamily = host.startsWith('[') || host === '*' ? 'ipv6' : 'ipv4';
  host = host
    .replace(/%[^\]]*$/, '')
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/%.*$/, '');
  return { family, address: host === '*' ? '::' : host, port: port === '*' ? 0 : Number(port) };
}

export function parseSs(text: string): SsRow[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const f = line.trim().split(/\s+/);
      const state = SS_STATES[f[0]];
      if (!state) throw new Error(`ss: unknown state in "${line}"`);
      const local = endpoint(f[3]);
      const remote = endpoint(f[4]);
      const pids = [...line.matchAll(/pid=(\d+)/g)].map((m) => Number(m[1]));
      return {
        family: local.family,
        state,
        localAddress: local.address,
        localPort: local.port,
        remoteAddress: remote.address,
        remotePort: remote.port,
        pids,
      };
    });
}

/** Identity of a row for comparison: everything ss shows except the owner. */
export function rowKey(
  r: Pick<SsRow, 'family' | 'state' | 'localAddress' | 'localPort' | 'remoteAddress' | 'remotePort'>,
): string {
  return `${r.family} ${r.state} ${r.localAddress}:${r.localPort} ${r.remoteAddress}:${r.remotePort}`;
}

/** Sorted keys, for order-independent comparison of two tables. */
export function tableKeys(
  rows: readonly Pick<TcpRow, 'family' | 'state' | 'localAddress' | 'localPort' | 'remoteAddress' | 'remotePort'>[],
): string[] {
  return rows.map(rowKey).sort();
}
