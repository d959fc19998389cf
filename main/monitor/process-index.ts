import type { ConnectionEvent, TrackedConnection } from '../contract/events';

/** pid → ids of its live connections, kept current from events so the drill-down never scans the table. */
export class ProcessIndex {
  private readonly byPid = new Map<number, Set<string>>();
  private readonly pidOf = new Map<string, number>();

  reset(connections: readonly TrackedConnection[]): void {
    this.byPid.clear();
    this.pidOf.clear();
    for (const c of connections) this.set(c.id, c.row.pid);
  }

  apply(events: readonly ConnectionEvent[]): void {
    for (const e of events) this.set(e.id, e.type === 'closed' ? null : e.connection.pid);
  }

  connectionIds(pid: number): string[] {
    return [...(this.byPid.get(pid) ?? [])];
  }

  pids(): number[] {
    return [...this.byPid.keys()];
  }

  private set(id: string, pid: number | null): void {
    const before = this.pidOf.get(id);
    if (before === pid) return;
    if (before !== undefined) {
      const ids = this.byPid.get(before);
      ids?.delete(id);
      if (ids?.size === 0) this.byPid.delete(before);
      this.pidOf.delete(id);
    }
    if (pid === null) return;
    this.pidOf.set(id, pid);
    let ids = this.byPid.get(pid);
    if (!ids) this.byPid.set(pid, (ids = new Set()));
    ids.add(id);
  }
}
