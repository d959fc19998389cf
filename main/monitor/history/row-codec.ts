/**
 * A row as the history database stores it: the fields every poll has as columns (compact, and
 * what queries filter on), everything else (scope ids, Windows fields, flags, fields added
 * later) as JSON in `extra`. Decoding gives back a row with the same JSON form.
 */
import { TCP_STATES, type TcpRow, type TcpState } from '../../common/types';

/** The row columns and their SQL types, in the order `rowValues` gives them. */
const ROW_COLUMN_TYPES = [
  ['family', 'INTEGER NOT NULL'],
  ['laddr', 'TEXT NOT NULL'],
  ['lport', 'INTEGER NOT NULL'],
  ['raddr', 'TEXT NOT NULL'],
  ['rport', 'INTEGER NOT NULL'],
  ['state', 'INTEGER NOT NULL'],
  ['pid', 'INTEGER'],
  ['pname', 'TEXT'],
  ['bytes_sent', 'INTEGER'],
  ['bytes_recv', 'INTEGER'],
  ['rtt', 'REAL'],
  ['inode', 'INTEGER'],
  ['uid', 'INTEGER'],
  ['user', 'TEXT'],
  ['present', 'INTEGER NOT NULL'],
  ['extra', 'TEXT'],
] as const;
export const ROW_COLUMNS = ROW_COLUMN_TYPES.map(([name]) => name);
/** For CREATE TABLE. */
export const ROW_COLUMN_DEFS = ROW_COLUMN_TYPES.map(([name, type]) => `${name} ${type}`).join(', ');

/** Optional row fields kept in columns; `present` has bit i set where OPTIONAL[i] is in the row. */
const OPTIONAL = ['bytesSent', 'bytesReceived', 'rttMs', 'inode', 'uid', 'user'] as const satisfies readonly (keyof TcpRow)[];
/** Fields that are in every row but null on most (Windows-only): in `extra` only where not null. */
const NULL_MOSTLY = ['offloadState', 'createdAt'] as const satisfies readonly (keyof TcpRow)[];
const IN_COLUMNS = new Set<string>([
  'family',
  'localAddress',
  'localPort',
  'remoteAddress',
  'remotePort',
  'state',
  'pid',
  'processName',
  ...OPTIONAL,
]);
const IS_NULL_MOSTLY = new Set<string>(NULL_MOSTLY);

const STATE_NUMBER = new Map<TcpState, number>(TCP_STATES.map((s, i) => [s, i]));

export const stateNumber = (state: TcpState): number => {
  const n = STATE_NUMBER.get(state);
  if (n === undefined) throw new Error(`unknown TCP state ${JSON.stringify(state)}`);
  return n;
};
export const stateName = (n: number): TcpState => {
  const state = TCP_STATES[n];
  if (state === undefined) throw new Error(`unknown stored TCP state ${n}`);
  return state;
};

export type SqlValue = number | string | null;

/** The column values of a row, in ROW_COLUMNS order. */
export function rowValues(row: TcpRow): SqlValue[] {
  let present = 0;
  OPTIONAL.forEach((field, i) => {
    if (row[field] !== undefined) present |= 1 << i;
  });
  let extra: Record<string, unknown> | null = null;
  for (const key of Object.keys(row) as (keyof TcpRow)[]) {
    const value = row[key];
    if (value === undefined || (IS_NULL_MOSTLY.has(key) ? value === null : IN_COLUMNS.has(key))) continue;
    (extra ??= {})[key] = value;
  }
  return [
    row.family === 'ipv6' ? 6 : 4,
    row.localAddress,
    row.localPort,
    row.remoteAddress,
    row.remotePort,
    stateNumber(row.state),
    row.pid,
    row.processName,
    row.bytesSent ?? null,
    row.bytesReceived ?? null,
    row.rttMs ?? null,
    row.inode ?? null,
    row.uid ?? null,
    row.user ?? null,
    present,
    extra === null ? null : JSON.stringify(extra),
  ];
}

/**
 * A stored row from its column values in ROW_COLUMNS order, starting at `v[at]` (a query's row
 * as an array: the columns before the row's are the event's or the keyframe's own).
 */
export function rowFromValues(v: readonly SqlValue[], at = 0): TcpRow {
  const row: TcpRow = {
    family: v[at] === 6 ? 'ipv6' : 'ipv4',
    localAddress: v[at + 1] as string,
    localPort: v[at + 2] as number,
    remoteAddress: v[at + 3] as string,
    remotePort: v[at + 4] as number,
    state: stateName(v[at + 5] as number),
    pid: v[at + 6] as number | null,
    processName: v[at + 7] as string | null,
    offloadState: null,
    createdAt: null,
  };
  const p = v[at + 14] as number;
  if (p & 1) row.bytesSent = v[at + 8] as number | null;
  if (p & 2) row.bytesReceived = v[at + 9] as number | null;
  if (p & 4) row.rttMs = v[at + 10] as number | null;
  if (p & 8) row.inode = (v[at + 11] as number | null) ?? undefined;
  if (p & 16) row.uid = (v[at + 12] as number | null) ?? undefined;
  if (p & 32) row.user = v[at + 13] as string | null;
  const extra = v[at + 15] as string | null;
  return extra === null ? row : Object.assign(row, JSON.parse(extra) as Partial<TcpRow>);
}

/** Connection ids are the differ's `c123`: stored as the number, anything else as text. */
export function connValue(id: string): number | string {
  const m = /^c(\d{1,15})$/.exec(id);
  return m ? Number(m[1]) : id;
}
export const connId = (value: number | string): string => (typeof value === 'number' ? `c${value}` : value);
