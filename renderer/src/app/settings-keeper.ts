/**
 * Keeps the settings (settings.ts) in step with the UI: restores them at start, saves what the
 * user changes (a moment later, so dragging a column saves once), and puts the remembered
 * refresh interval and name resolution back on the monitor where they differ. Columns the source can never fill start
 * hidden until the user lays the columns out.
 */
import type { SourceKind } from '../../../main/common/types';
import type { Unsubscribe } from '../../../main/common/contract/requests';
import { columnsUnfilledBy } from '../grid/columns';
import type { GridControls } from '../grid/grid-controls';
import { loadSettings, saveSettings, type Settings } from '../settings/settings';
import type { UiStore } from '../state/ui-store';

/** How the keeper reaches the monitor's own settings. */
export interface MonitorSettings {
  setIntervalMs(intervalMs: number): Promise<void>;
  setResolveNames(resolve: boolean): Promise<void>;
}

const SAVE_DELAY_MS = 300;

export class SettingsKeeper {
  private settings: Settings;
  private saveTimer: ReturnType<typeof setTimeout> | null = null;
  /** The source whose unfilled columns are hidden (the status names it). */
  private source: SourceKind | null = null;
  private monitorSettingsApplied = false;

  constructor(
    private readonly storage: Storage | null,
    private readonly store: UiStore,
    private readonly grid: GridControls,
    private readonly monitor: MonitorSettings,
  ) {
    this.settings = loadSettings(storage);
  }

  /** Puts the remembered UI settings in the store and follows the store from then on. */
  start(): Unsubscribe {
    const { filter, panelWidth, theme } = this.settings;
    this.store.setState({ viewFilter: filter, panelWidth, theme });
    return this.store.subscribe((state, previous) => {
      if (
        state.viewFilter !== previous.viewFilter ||
        state.panelWidth !== previous.panelWidth ||
        state.theme !== previous.theme
      ) {
        this.update({ filter: state.viewFilter, panelWidth: state.panelWidth, theme: state.theme });
      }
      if (state.status && state.status.source !== this.source) this.sourceKnown(state.status.source);
      if (state.status && !this.monitorSettingsApplied) this.applyMonitorSettings(state.status);
    });
  }

  /** The grid exists: lay its columns out as remembered, or as the source suggests. */
  gridReady(): void {
    if (this.settings.columns) this.grid.applySavedColumns(this.settings.columns);
    else if (this.source) this.grid.setColumnsVisible(columnsUnfilledBy(this.source), false);
  }

  /** The user moved, resized, hid, showed or sorted columns. */
  columnsChanged(source?: string): void {
    // Only the user's own changes are remembered, not the layout applied at start.
    if (source !== undefined && !source.startsWith('ui')) return;
    if (!this.grid.ready) return;
    this.update({ columns: this.grid.savedColumns() });
  }

  rememberInterval(intervalMs: number): void {
    this.update({ intervalMs });
  }

  rememberResolveNames(resolveNames: boolean): void {
    this.update({ resolveNames });
  }

  /** Forgets the column layout: the columns as shipped, minus those this source cannot fill. */
  resetLayout(): void {
    this.update({ columns: null });
    this.grid.resetLayout(this.source ? columnsUnfilledBy(this.source) : []);
  }

  private sourceKnown(source: SourceKind): void {
    this.source = source;
    if (!this.settings.columns && this.grid.ready) this.grid.setColumnsVisible(columnsUnfilledBy(source), false);
  }

  /** What the user chose last time, put back on the monitor where it differs. */
  private applyMonitorSettings(status: { intervalMs: number; resolveNames: boolean }): void {
    this.monitorSettingsApplied = true;
    const { intervalMs, resolveNames } = this.settings;
    if (intervalMs !== null && intervalMs !== status.intervalMs) void this.monitor.setIntervalMs(intervalMs);
    if (resolveNames !== null && resolveNames !== status.resolveNames) void this.monitor.setResolveNames(resolveNames);
  }

  private update(change: Partial<Settings>): void {
    this.settings = { ...this.settings, ...change };
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => {
      this.saveTimer = null;
      saveSettings(this.storage, this.settings);
    }, SAVE_DELAY_MS);
  }
}
