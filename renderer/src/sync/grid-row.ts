/** The grid's row object: a tracked connection plus what the UI derives from it. */
import type { TcpRow } from '../../../main/common/types';
import type { Owner, Transition } from '../../../main/common/contract/events';
import { addressSortKey } from '../format/address-sort-key';

export type RowHighlight = 'new' | 'changed' | 'closed';

export interface ConnectionGridRow {
  /** The monitor's stable connection id; the grid's row id. */
  readonly id: string;
  readonly row: TcpRow;
  readonly firstSeenAt: string;
  readonly lastTransition: Transition | null;
  /** The process that last owned it, once the row has none (TIME_WAIT): shown greyed. */
  readonly lastOwner: Owner | null;
  /** Gone from the system; still shown (red) until its highlight fades, then removed. */
  readonly closed: boolean;
  readonly highlight: RowHighlight | null;
  /** The refresh count at which the highlight fades (and a closed row is removed). */
  readonly highlightUntilTick: number | null;
  /** Precomputed so sorting 100 000 rows by address never parses an address. */
  readonly localAddressKey: string;
  readonly remoteAddressKey: string;
}

export interface GridRowFields {
  id: string;
  row: TcpRow;
  firstSeenAt: string;
  lastTransition: Transition | null;
  lastOwner: Owner | null;
  closed: boolean;
  highlight: RowHighlight | null;
  highlightUntilTick: number | null;
}

/**
 * Rows are immutable: the grid detects changes by object identity, then by cell value. Every field
 * is written out (no spread): a new table makes 100 000 of these, all of one shape.
 */
export function makeGridRow(fields: GridRowFields, previous?: ConnectionGridRow): ConnectionGridRow {
  const { row } = fields;
  return {
    id: fields.id,
    row,
    firstSeenAt: fields.firstSeenAt,
    lastTransition: fields.lastTransition,
    lastOwner: fields.lastOwner,
    closed: fields.closed,
    highlight: fields.highlight,
    highlightUntilTick: fields.highlightUntilTick,
    localAddressKey:
      previous && previous.row.localAddress === row.localAddress ? previous.localAddressKey : addressSortKey(row.localAddress),
    remoteAddressKey:
      previous && previous.row.remoteAddress === row.remoteAddress
        ? previous.remoteAddressKey
        : addressSortKey(row.remoteAddress),
  };
}

/** Same owner as far as a user can tell: the process column would not change. */
export function sameOwner(a: TcpRow, b: TcpRow): boolean {
  return a.pid === b.pid && a.processName === b.processName;
}

export function sameTcpRow(a: TcpRow, b: TcpRow): boolean {
  const aKeys = Object.keys(a) as Array<keyof TcpRow>;
  if (aKeys.length !== Object.keys(b).length) return false;
  return aKeys.every((key) => a[key] === b[key]);
}

export function sameTransition(a: Transition | null, b: Transition | null): boolean {
  if (a === null || b === null) return a === b;
  return a.from === b.from && a.to === b.to && a.at === b.at;
}

/** The owner a row shows greyed once it has none: the one it had before, or the one remembered then. */
export function carriedOwner(previous: ConnectionGridRow | undefined, next: TcpRow): Owner | null {
  if (next.pid !== null) return null;
  if (previous?.row.pid != null) return { pid: previous.row.pid, processName: previous.row.processName };
  return previous?.lastOwner ?? null;
}
