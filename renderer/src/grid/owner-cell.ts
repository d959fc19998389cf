/** How the Process and PID cells show a row's owner, and the tooltip that says why. Pure. */
import type { ConnectionGridRow } from '../sync/grid-row';

export interface ShownOwner {
  name: string;
  pid: number | null;
  /** current: it holds the socket now; past: it did (greyed); hidden: the OS knows but will not tell us; none. */
  how: 'current' | 'past' | 'hidden' | 'none';
}

export function shownOwner(data: ConnectionGridRow): ShownOwner {
  const { row, lastOwner } = data;
  if (row.pid !== null) return { name: row.processName ?? '', pid: row.pid, how: 'current' };
  if (row.ownerHidden) return { name: '—', pid: null, how: 'hidden' };
  if (lastOwner) return { name: lastOwner.processName ?? '', pid: lastOwner.pid, how: 'past' };
  return { name: '', pid: null, how: 'none' };
}

/** Why a row shows the owner it does; undefined where it is plainly the current one. */
export function ownerTooltip(data: ConnectionGridRow): string | undefined {
  const owner = shownOwner(data);
  switch (owner.how) {
    case 'current':
      return undefined;
    case 'hidden':
      return `Owner hidden: this socket belongs to ${data.row.user ? `user ${data.row.user}` : 'another user'}, whose processes Sockscope can see only when run as root or administrator`;
    case 'past':
      return `Owned by ${owner.name || 'a process'} (${owner.pid}) until ${data.closed ? 'it closed' : `it let go (${data.row.state})`}`;
    case 'none':
      return noOwnerReason(data);
  }
}

function noOwnerReason(data: ConnectionGridRow): string {
  switch (data.row.state) {
    case 'TIME_WAIT':
      return 'No owner: a TIME_WAIT socket belongs to no process, and Sockscope never saw who had it';
    case 'SYN_RECEIVED':
      return 'No owner yet: the connection waits in its listener’s accept queue';
    default:
      return 'No owner was ever seen for this connection';
  }
}
