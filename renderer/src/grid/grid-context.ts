/**
 * What the columns read besides the row, handed to AG Grid as its `context`: names arrive on
 * their own (not as row changes), so the cells look them up when they render.
 */
export interface GridContext {
  /** Whether to show host and service names (the Resolve addresses toggle). */
  showNames: boolean;
  /** The name of a scoped address, or null (none, or not resolved yet). */
  hostName(address: string): string | null;
  serviceName(port: number): string | null;
}

export const NO_GRID_CONTEXT: GridContext = { showNames: false, hostName: () => null, serviceName: () => null };
