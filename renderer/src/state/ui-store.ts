/**
 * UI state only: what the toolbar, status bar and panels show. Connection rows live in the
 * sync module and the grid, never here — copying 100 000 rows per refresh into a store would
 * re-render React for data the grid already renders.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { MonitorStatus } from '../../../main/common/contract/messages';
import type { TransportState } from '../api/websocket-carrier';
import { EMPTY_STATE_COUNTS, type StateCounts } from '../sync/state-counts';

export interface SelectedConnection {
  id: string;
  pid: number | null;
}

export interface UiState {
  /** The monitor's latest status; null until the first message. */
  status: MonitorStatus | null;
  transport: TransportState;
  counts: StateCounts;
  /** Rows the grid shows after filtering (closed rows still fading included). */
  rowsShown: number;
  /** A sequence gap was seen and a fresh snapshot is on its way. */
  resyncing: boolean;
  quickFilter: string;
  selection: SelectedConnection | null;
  /** The process whose drill-down panel is open. */
  drilldownPid: number | null;
  /** Restrict the grid to the drill-down process's connections. */
  onlyDrilldownProcess: boolean;
  /** A pause / interval request in flight: its control is disabled meanwhile. */
  controlBusy: boolean;
  /** Why the last user action failed, until dismissed. */
  actionError: string | null;
}

export interface UiActions {
  setQuickFilter(text: string): void;
  select(selection: SelectedConnection | null): void;
  openDrilldown(pid: number): void;
  closeDrilldown(): void;
  setOnlyDrilldownProcess(only: boolean): void;
  dismissActionError(): void;
}

export type UiStore = StoreApi<UiState & UiActions>;

export const initialUiState: UiState = {
  status: null,
  transport: 'connecting',
  counts: EMPTY_STATE_COUNTS,
  rowsShown: 0,
  resyncing: false,
  quickFilter: '',
  selection: null,
  drilldownPid: null,
  onlyDrilldownProcess: false,
  controlBusy: false,
  actionError: null,
};

export function createUiStore(initial: Partial<UiState> = {}): UiStore {
  return createStore<UiState & UiActions>()((set) => ({
    ...initialUiState,
    ...initial,
    setQuickFilter: (quickFilter) => set({ quickFilter }),
    select: (selection) => set({ selection }),
    openDrilldown: (pid) => set({ drilldownPid: pid }),
    closeDrilldown: () => set({ drilldownPid: null, onlyDrilldownProcess: false }),
    setOnlyDrilldownProcess: (onlyDrilldownProcess) => set({ onlyDrilldownProcess }),
    dismissActionError: () => set({ actionError: null }),
  }));
}
