/**
 * The names of the table's addresses as the monitor sends them (the snapshot's, then `names`
 * batches). It is the grid's context (grid-context.ts) for its whole life, since AG Grid takes
 * a context only once: the cells look names up when they render, so a name arriving costs a
 * redraw of the name cells, never a row update.
 */
import type { HostName } from '../../../main/common/contract/messages';
import { serviceName } from '../../../main/common/services';
import type { GridContext } from '../grid/grid-context';

export class NameBook implements GridContext {
  private names = new Map<string, string | null>();
  showNames = false;

  /** A snapshot's names replace what was known (its table is the whole truth). */
  replace(names: readonly HostName[]): void {
    this.names = new Map(names.map((n) => [n.address, n.host]));
  }

  add(names: readonly HostName[]): void {
    for (const { address, host } of names) this.names.set(address, host);
  }

  hostName(address: string): string | null {
    return this.showNames ? (this.names.get(address) ?? null) : null;
  }

  serviceName(port: number): string | null {
    return serviceName(port);
  }
}
