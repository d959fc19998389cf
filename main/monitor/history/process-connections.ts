/** A process's connections over a period, gathered from the table at its start and the events in it. */
import type { ConnectionEvent } from '../../common/contract/events';
import type { ProcessConnection } from '../../common/contract/requests';
import type { TcpRow } from '../../common/types';
import type { MirroredConnection } from './table-mirror';

/** A connection only the kernel's destroy notification saw (the flag its closed event's row carries). */
const isShortLived = (row: TcpRow): boolean => (row as TcpRow & { shortLived?: unknown }).shortLived === true;

export class ProcessConnections {
  private readonly byId = new Map<string, ProcessConnection>();
  /** Openings not among the process's events, by connection: its owner was found a poll later. */
  private readonly openings = new Map<string, string>();
  private readonly heldIds = new Set<string>();

  /** A connection the process held when the period began. */
  held(c: MirroredConnection): void {
    this.byId.set(c.id, { id: c.id, row: c.row, openedAt: c.openedAt, closedAt: null, shortLived: false });
    this.heldIds.add(c.id);
  }

  /** One of the process's events, oldest first. */
  apply(event: ConnectionEvent): void {
    let c = this.byId.get(event.id);
    if (!c) {
      c = {
        id: event.id,
        row: event.connection,
        openedAt: this.openings.get(event.id) ?? null,
        closedAt: null,
        shortLived: false,
      };
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

  /**
   * A connection's opening seen without this process as its owner (the poll that saw it open had
   * not found its owner yet): the connection still opened then.
   */
  opened(id: string, time: string): void {
    const c = this.byId.get(id);
    if (c === undefined) this.openings.set(id, time);
    else if (c.openedAt === null) c.openedAt = time;
  }

  /** Connections first met in the period through later events, whose opening is not known yet. */
  openingsMissing(): string[] {
    const ids: string[] = [];
    for (const c of this.byId.values()) if (c.openedAt === null && !this.heldIds.has(c.id)) ids.push(c.id);
    return ids;
  }

  /** Those still open at `startMs` or later (a connection closed before the period is not in it). */
  result(startMs: number): { connections: ProcessConnection[] } {
    const connections = [...this.byId.values()].filter((c) => c.closedAt === null || Date.parse(c.closedAt) >= startMs);
    return { connections };
  }
}
