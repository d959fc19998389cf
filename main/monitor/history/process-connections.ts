/** A process's connections over a period, gathered from the table at its start and the events in it. */
import type { ConnectionEvent } from '../../common/contract/events';
import type { ProcessConnection } from '../../common/contract/requests';
import type { TcpRow } from '../../common/types';
import type { MirroredConnection } from './table-mirror';

/** A connection only the kernel's destroy notification saw (the flag its closed event's row carries). */
const isShortLived = (row: TcpRow): boolean => (row as TcpRow & { shortLived?: unknown }).shortLived === true;

export class ProcessConnections {
  private readonly byId = new Map<string, ProcessConnection>();

  /** A connection the process held when the period began. */
  held(c: MirroredConnection): void {
    this.byId.set(c.id, { id: c.id, row: c.row, openedAt: c.openedAt, closedAt: null, shortLived: false });
  }

  /** One of the process's events, oldest first. */
  apply(event: ConnectionEvent): void {
    let c = this.byId.get(event.id);
    if (!c) {
      c = { id: event.id, row: event.connection, openedAt: null, closedAt: null, shortLived: false };
      this.byId.set(event.id, c);
    }
    // A TIME_WAIT entry has no counters: the connection keeps the last bytes it was seen with.
    c.row =
      event.connection.bytesSent == null && c.row.bytesSent != null
        ? { ...event.connection, bytesSent: c.row.bytesSent, bytesReceived: c.row.bytesReceived }
        : event.connection;
    if (event.type === 'opened') c.openedAt = event.time;
    if (event.type === 'closed') {
      c.closedAt = event.time;
      c.shortLived = isShortLived(event.connection);
    }
  }

  /** Those still open at `startMs` or later (a connection closed before the period is not in it). */
  result(startMs: number): { connections: ProcessConnection[] } {
    const connections = [...this.byId.values()].filter((c) => c.closedAt === null || Date.parse(c.closedAt) >= startMs);
    return { connections };
  }
}
