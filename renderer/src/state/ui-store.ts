/**
 * UI state only: what the toolbar, status bar, panels and dialogs show. Connection rows live in
 * the sync module and the grid, never here — copying 100 000 rows per refresh into a store would
 * re-render React for data the grid already renders.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { MonitorStatus } from '../../../main/common/contract/messages';
import type { SessionInfo } from '../../../main/common/contract/requests';
import type { TcpState } from '../../../main/common/types';
import type { TransportState } from '../api/websocket-carrier';
import { NO_VIEW_FILTER, toggleState, type ProcessFilter, type ViewFilter } from '../filters/view-filter';
import { DEFAULT_SETTINGS, PANEL_WIDTH_MAX, PANEL_WIDTH_MIN, type ThemeChoice } from '../settings/settings';
import { EMPTY_STATE_COUNTS, type StateCounts } from '../sync/state-counts';

export interface SelectedConnection {
  id: string;
  pid: number | null;
}

/** The one menu or dialog open at a time (Esc closes it). */
export type Overlay =
  | { kind: 'context-menu'; x: number; y: number; rowId: string }
  | { kind: 'filters-menu' | 'export-menu' | 'view-menu'; x: number; y: number }
  | { kind: 'columns' }
  | { kind: 'shortcuts' }
  | { kind: 'history' }
  | { kind: 'confirm-close'; rowId: string }
  | { kind: 'confirm-end'; pid: number; name: string | null; force: boolean };

export interface UiState {
  /** The monitor's latest status; null until the first message. */
  status: MonitorStatus | null;
  transport: TransportState;
  /** What this client may do (actions); null until the transport has said. */
  session: SessionInfo | null;
  counts: StateCounts;
  /** Rows the grid shows after filtering (closed rows still fading included). */
  rowsShown: number;
  /** Rows the grid holds. */
  rowsTotal: number;
  /** A sequence gap was seen and a fresh snapshot is on its way. */
  resyncing: boolean;
  /** This view is frozen (Pause): the monitor goes on polling and recording, and other views follow it. */
  viewPaused: boolean;
  /** The moment this view shows, picked on the timeline (the table then, rebuilt from the history); null: live. */
  viewingAt: string | null;
  quickFilter: string;
  viewFilter: ViewFilter;
  selection: SelectedConnection | null;
  /** The process whose drill-down panel is open. */
  drilldownPid: number | null;
  panelWidth: number;
  theme: ThemeChoice;
  /** Bumped whenever names arrive or the Resolve toggle changes: the grid redraws its name cells. */
  namesVersion: number;
  /** Host and service names are shown (the monitor resolves addresses). */
  showNames: boolean;
  overlay: Overlay | null;
  /** A pause / interval request in flight: its control is disabled meanwhile. */
  controlBusy: boolean;
  /** Why the last user action failed, until dismissed. */
  actionError: string | null;
  /** What the last user action did, until dismissed or replaced. */
  notice: string | null;
}

export interface UiActions {
  setQuickFilter(text: string): void;
  setViewFilter(change: Partial<ViewFilter>): void;
  toggleStateFilter(state: TcpState): void;
  showOnlyProcess(process: ProcessFilter | null): void;
  clearFilters(): void;
  select(selection: SelectedConnection | null): void;
  openDrilldown(pid: number): void;
  closeDrilldown(): void;
  setPanelWidth(width: number): void;
  setTheme(theme: ThemeChoice): void;
  openOverlay(overlay: Overlay): void;
  closeOverlay(): void;
  dismissActionError(): void;
  dismissNotice(): void;
}

export type UiStore = StoreApi<UiState & UiActions>;

export const initialUiState: UiState = {
  status: null,
  transport: 'connecting',
  session: null,
  counts: EMPTY_STATE_COUNTS,
  rowsShown: 0,
  rowsTotal: 0,
  resyncing: false,
  viewPaused: false,
  viewingAt: null,
  quickFilter: '',
  viewFilter: NO_VIEW_FILTER,
  selection: null,
  drilldownPid: null,
  panelWidth: DEFAULT_SETTINGS.panelWidth,
  theme: DEFAULT_SETTINGS.theme,
  namesVersion: 0,
  showNames: false,
  overlay: null,
  controlBusy: false,
  actionError: null,
  notice: null,
};

export const clampPanelWidth = (width: number): number => Math.round(Math.min(PANEL_WIDTH_MAX, Math.max(PANEL_WIDTH_MIN, width)));

export function createUiStore(initial: Partial<UiState> = {}): UiStore {
  return createStore<UiState & UiActions>()((set, get) => ({
    ...initialUiState,
    ...initial,
    setQuickFilter: (quickFilter) => set({ quickFilter }),
    setViewFilter: (change) => set({ viewFilter: { ...get().viewFilter, ...change } }),
    toggleStateFilter: (state) =>
      set({ viewFilter: { ...get().viewFilter, states: toggleState(get().viewFilter.states, state) } }),
    showOnlyProcess: (process) => set({ viewFilter: { ...get().viewFilter, process } }),
    clearFilters: () => set({ viewFilter: NO_VIEW_FILTER }),
    select: (selection) => set({ selection }),
    openDrilldown: (pid) => set({ drilldownPid: pid }),
    closeDrilldown: () => set({ drilldownPid: null }),
    setPanelWidth: (width) => set({ panelWidth: clampPanelWidth(width) }),
    setTheme: (theme) => set({ theme }),
    openOverlay: (overlay) => set({ overlay }),
    closeOverlay: () => set({ overlay: null }),
    dismissActionError: () => set({ actionError: null }),
    dismissNotice: () => set({ notice: null }),
  }));
}
