/**
 * The row actions that change the system: close a connection, end a process. Each asks for
 * confirmation first, naming what it will do; afterwards the user learns what happened or, in
 * one line, why not. Where an action cannot work (a read-only web shell, IPv6 on Windows) its
 * menu item is disabled and says why.
 */
import { localEndpoint, remoteEndpoint } from '../../../main/common/endpoint-text';
import { errorMessage } from '../../../main/common/errors';
import type { MenuItem } from '../components/Menu';
import type { ConnectionGridRow } from '../sync/grid-row';
import type { AppServices } from './app-context';
import type { KeyActions } from './shortcuts';

export const describeConnection = (data: ConnectionGridRow): string => `${localEndpoint(data.row)} → ${remoteEndpoint(data.row)}`;

const owner = (name: string | null, pid: number) => (name ? `${name} (PID ${pid})` : `PID ${pid}`);

export class RowActions implements KeyActions {
  private services: AppServices | null = null;

  /** Services are built with this among them: handed over once they exist. */
  bind(services: AppServices): void {
    this.services = services;
  }

  private get app(): AppServices {
    if (!this.services) throw new Error('RowActions used before bind()');
    return this.services;
  }

  /** Why the connection cannot be closed from here; null if it can. */
  closeRefusal(data: ConnectionGridRow): string | null {
    const { session, status } = this.app.store.getState();
    if (data.closed) return 'This connection has closed already';
    if (session && !session.actionsAllowed) return session.actionsRefusal ?? 'Actions are not allowed here';
    return status?.closeRefusal?.[data.row.family] ?? null;
  }

  /** Why the process cannot be ended from here; null if it can. */
  endRefusal(data: ConnectionGridRow): string | null {
    const { session } = this.app.store.getState();
    if (data.row.pid === null) return 'No process owns this connection';
    if (session && !session.actionsAllowed) return session.actionsRefusal ?? 'Actions are not allowed here';
    return null;
  }

  menuItems(data: ConnectionGridRow): MenuItem[] {
    return [
      {
        label: 'Close connection…',
        shortcut: 'Delete',
        disabledReason: this.closeRefusal(data),
        testId: 'menu-close',
        onSelect: () => this.askToClose(data),
      },
      {
        label: 'End process…',
        disabledReason: this.endRefusal(data),
        testId: 'menu-end-process',
        onSelect: () => this.askToEnd(data),
      },
    ];
  }

  /** Delete: close the selected connection, asking first; says why not if it cannot. */
  closeSelected(): void {
    const [data] = this.app.grid.selectedRows();
    if (!data) return;
    const refusal = this.closeRefusal(data);
    if (refusal) this.app.store.setState({ actionError: `Close connection: ${refusal}` });
    else this.askToClose(data);
  }

  /** The menu's End process: the selected row's process, asking first; says why not if it cannot. */
  endSelected(): void {
    const [data] = this.app.grid.selectedRows();
    if (!data) return;
    const refusal = this.endRefusal(data);
    if (refusal) this.app.store.setState({ actionError: `End process: ${refusal}` });
    else this.askToEnd(data);
  }

  askToClose(data: ConnectionGridRow): void {
    this.app.store.getState().openOverlay({ kind: 'confirm-close', rowId: data.id });
  }

  askToEnd(data: ConnectionGridRow): void {
    if (data.row.pid === null) return;
    this.app.store.getState().openOverlay({ kind: 'confirm-end', pid: data.row.pid, name: data.row.processName, force: false });
  }

  async close(data: ConnectionGridRow): Promise<void> {
    const { store, connection } = this.app;
    store.setState({ overlay: null, notice: null });
    try {
      await connection.api.closeConnection({ id: data.id });
      const by = data.row.pid === null ? '' : ` (${owner(data.row.processName, data.row.pid)})`;
      store.setState({ notice: `Closed ${describeConnection(data)}${by}`, actionError: null });
    } catch (error) {
      store.setState({ actionError: `Could not close ${describeConnection(data)}: ${errorMessage(error)}` });
    }
  }

  /** Ends the process; if it is still there after SIGTERM, asks whether to force it. */
  async end(pid: number, name: string | null, force: boolean): Promise<void> {
    const { store, connection } = this.app;
    store.setState({ overlay: null, notice: null });
    try {
      const { exited } = await connection.api.endProcess({ pid, force });
      if (exited) store.setState({ notice: `Ended ${owner(name, pid)}`, actionError: null });
      else store.getState().openOverlay({ kind: 'confirm-end', pid, name, force: true });
    } catch (error) {
      store.setState({ actionError: `Could not end ${owner(name, pid)}: ${errorMessage(error)}` });
    }
  }
}
