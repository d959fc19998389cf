/**
 * What the process drill-down says about one process's connections: now (grouped by remote host,
 * its listening ports) and over a period of the recorded history (totals per remote host). Pure.
 */
import type { ProcessConnection } from '../../../main/common/contract/requests';
import { scopedAddress } from '../../../main/common/endpoint-text';
import { TCP_STATES, type AddressFamily, type TcpRow, type TcpState } from '../../../main/common/types';

/** A host name for an address (scope included), or null: the grid's name book. */
export type HostNameOf = (address: string) => string | null;

const remoteOf = (row: TcpRow): string => scopedAddress(row.remoteAddress, row.remoteScopeId);
const byPort = (a: number, b: number) => a - b;

/** One remote host the process talks to now. */
export interface LiveRemoteGroup {
  address: string;
  host: string | null;
  total: number;
  /** Counts by state, in the states' TCP order. */
  byState: Array<{ state: TcpState; count: number }>;
  /** Its remote ports, ascending. */
  ports: number[];
}

/** The process's live connections by remote host, most connections first; listeners are not connections. */
export function liveRemoteGroups(rows: readonly TcpRow[], hostName: HostNameOf): LiveRemoteGroup[] {
  const groups = new Map<string, { counts: Map<TcpState, number>; ports: Set<number>; total: number }>();
  for (const row of rows) {
    if (row.state === 'LISTEN') continue;
    const address = remoteOf(row);
    let group = groups.get(address);
    if (!group) groups.set(address, (group = { counts: new Map(), ports: new Set(), total: 0 }));
    group.total++;
    group.counts.set(row.state, (group.counts.get(row.state) ?? 0) + 1);
    group.ports.add(row.remotePort);
  }
  return [...groups]
    .map(([address, { counts, ports, total }]) => ({
      address,
      host: hostName(address),
      total,
      byState: TCP_STATES.filter((state) => counts.has(state)).map((state) => ({ state, count: counts.get(state)! })),
      ports: [...ports].sort(byPort),
    }))
    .sort((a, b) => b.total - a.total || a.address.localeCompare(b.address));
}

export interface ListeningPort {
  family: AddressFamily;
  address: string;
  port: number;
}

/** Where the process listens, by port (SO_REUSEPORT twins once). */
export function listeningPorts(rows: readonly TcpRow[]): ListeningPort[] {
  const seen = new Map<string, ListeningPort>();
  for (const row of rows) {
    if (row.state !== 'LISTEN') continue;
    const address = scopedAddress(row.localAddress, row.localScopeId);
    seen.set(`${address} ${row.localPort}`, { family: row.family, address, port: row.localPort });
  }
  return [...seen.values()].sort((a, b) => a.port - b.port || a.address.localeCompare(b.address));
}

/** What the process did with one remote host over a period. */
export interface PastRemoteTotal {
  address: string;
  host: string | null;
  connections: number;
  /** Still open at the period's end. */
  open: number;
  /** Closed, but still in TIME_WAIT at the period's end (no close time yet). */
  timeWait: number;
  /** Seen only by the kernel's destroy notification: too short for any poll. */
  shortLived: number;
  /** Sums of the connections' last counters; null where none had any (the OS gives none). */
  bytesSent: number | null;
  bytesReceived: number | null;
  /** ISO-8601 of the last close; null where none closed in the period (open, or in TIME_WAIT). */
  lastSeen: string | null;
  ports: number[];
}

const addCounter = (sum: number | null, value: number | null | undefined): number | null =>
  value === null || value === undefined ? sum : (sum ?? 0) + value;

/** Totals per remote host over the recorded period, most connections first; listeners left out. */
export function pastRemoteTotals(connections: readonly ProcessConnection[], hostName: HostNameOf): PastRemoteTotal[] {
  const totals = new Map<string, PastRemoteTotal & { portSet: Set<number> }>();
  for (const { row, closedAt, shortLived } of connections) {
    if (row.state === 'LISTEN') continue;
    const address = remoteOf(row);
    let total = totals.get(address);
    if (!total) {
      total = {
        address,
        host: null,
        connections: 0,
        open: 0,
        timeWait: 0,
        shortLived: 0,
        bytesSent: null,
        bytesReceived: null,
        lastSeen: null,
        ports: [],
        portSet: new Set(),
      };
      totals.set(address, total);
    }
    total.connections++;
    if (closedAt === null && row.state === 'TIME_WAIT') total.timeWait++;
    else if (closedAt === null) total.open++;
    if (shortLived) total.shortLived++;
    total.bytesSent = addCounter(total.bytesSent, row.bytesSent);
    total.bytesReceived = addCounter(total.bytesReceived, row.bytesReceived);
    if (closedAt !== null && (total.lastSeen === null || closedAt > total.lastSeen)) total.lastSeen = closedAt;
    total.portSet.add(row.remotePort);
  }
  return [...totals.values()]
    .map(({ portSet, ...total }) => ({ ...total, host: hostName(total.address), ports: [...portSet].sort(byPort) }))
    .sort(
      (a, b) =>
        b.connections - a.connections ||
        (b.bytesSent ?? 0) + (b.bytesReceived ?? 0) - ((a.bytesSent ?? 0) + (a.bytesReceived ?? 0)) ||
        a.address.localeCompare(b.address),
    );
}
