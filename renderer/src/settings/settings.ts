/**
 * What the UI remembers across restarts, in the desktop app and the browser alike (localStorage).
 * Each setting is read on its own: one that no longer parses is dropped with a console warning
 * and the others are kept, so a stale or hand-edited store never blanks the window.
 */
import { TCP_STATES, type TcpState } from '../../../main/common/types';
import { MAX_INTERVAL_MS, MIN_INTERVAL_MS } from '../../../main/common/contract/messages';
import { NO_VIEW_FILTER, type ProcessFilter, type ViewFilter } from '../filters/view-filter';

export type ThemeChoice = 'system' | 'light' | 'dark';

/** One column as the grid reports it (AG Grid's ColumnState, the parts kept). */
export interface SavedColumn {
  colId: string;
  hide: boolean;
  width?: number;
  sort?: 'asc' | 'desc' | null;
  sortIndex?: number | null;
}

export interface Settings {
  /** Column order, visibility, widths and sort; null until the user changes any. */
  columns: SavedColumn[] | null;
  intervalMs: number | null;
  resolveNames: boolean | null;
  filter: ViewFilter;
  panelWidth: number;
  theme: ThemeChoice;
}

export const DEFAULT_SETTINGS: Settings = {
  columns: null,
  intervalMs: null,
  resolveNames: null,
  filter: NO_VIEW_FILTER,
  panelWidth: 420,
  theme: 'system',
};

export const PANEL_WIDTH_MIN = 280;
export const PANEL_WIDTH_MAX = 900;

export const SETTINGS_KEY = 'sockscope.settings.v1';

type Reader<T> = (value: unknown) => T | undefined;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const bool: Reader<boolean> = (v) => (typeof v === 'boolean' ? v : undefined);
const intIn =
  (min: number, max: number): Reader<number> =>
  (v) =>
    typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? v : undefined;
const nullable =
  <T>(read: Reader<T>): Reader<T | null> =>
  (v) =>
    v === null ? null : read(v);

const isState = (v: unknown): v is TcpState => typeof v === 'string' && (TCP_STATES as readonly string[]).includes(v);

const readColumn: Reader<SavedColumn> = (v) => {
  if (!isObject(v) || typeof v.colId !== 'string' || typeof v.hide !== 'boolean') return undefined;
  const column: SavedColumn = { colId: v.colId, hide: v.hide };
  if (typeof v.width === 'number' && v.width > 0 && v.width < 5000) column.width = Math.round(v.width);
  if (v.sort === 'asc' || v.sort === 'desc' || v.sort === null) column.sort = v.sort;
  if (typeof v.sortIndex === 'number' || v.sortIndex === null) column.sortIndex = v.sortIndex;
  return column;
};

const readColumns: Reader<SavedColumn[]> = (v) => {
  if (!Array.isArray(v)) return undefined;
  const columns = v.map(readColumn);
  return columns.every((c): c is SavedColumn => c !== undefined) ? columns : undefined;
};

const readProcess: Reader<ProcessFilter> = (v) =>
  isObject(v) && typeof v.pid === 'number' && Number.isInteger(v.pid) && (typeof v.name === 'string' || v.name === null)
    ? { pid: v.pid, name: v.name }
    : undefined;

const readFilter: Reader<ViewFilter> = (v) => {
  if (!isObject(v)) return undefined;
  const states =
    v.states === null ? null : Array.isArray(v.states) && v.states.every(isState) ? (v.states as TcpState[]) : undefined;
  const family = v.family === 'all' || v.family === 'ipv4' || v.family === 'ipv6' ? v.family : undefined;
  const process = nullable(readProcess)(v.process);
  const remoteHost = v.remoteHost === null || typeof v.remoteHost === 'string' ? v.remoteHost : undefined;
  const flags = [bool(v.hideListeners), bool(v.hideLoopback), bool(v.hideTimeWaitAndClosed)];
  if (states === undefined || family === undefined || process === undefined || remoteHost === undefined) return undefined;
  if (flags.some((f) => f === undefined)) return undefined;
  return {
    states,
    family,
    process,
    remoteHost,
    hideListeners: flags[0] === true,
    hideLoopback: flags[1] === true,
    hideTimeWaitAndClosed: flags[2] === true,
  };
};

const READERS: { [K in keyof Settings]: Reader<Settings[K]> } = {
  columns: nullable(readColumns),
  intervalMs: nullable(intIn(MIN_INTERVAL_MS, MAX_INTERVAL_MS)),
  resolveNames: nullable(bool),
  filter: readFilter,
  panelWidth: intIn(PANEL_WIDTH_MIN, PANEL_WIDTH_MAX),
  theme: (v) => (v === 'system' || v === 'light' || v === 'dark' ? v : undefined),
};

/** The settings in `text`; what is missing takes its default, what does not parse is named in `dropped`. */
export function parseSettings(text: string | null): { settings: Settings; dropped: string[] } {
  const settings: Settings = { ...DEFAULT_SETTINGS };
  const dropped: string[] = [];
  if (text === null) return { settings, dropped };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { settings, dropped: ['all (not JSON)'] };
  }
  if (!isObject(raw)) return { settings, dropped: ['all (not an object)'] };
  for (const key of Object.keys(READERS) as (keyof Settings)[]) {
    if (!(key in raw)) continue;
    const value = READERS[key](raw[key]);
    if (value === undefined) dropped.push(key);
    else (settings as Record<keyof Settings, unknown>)[key] = value;
  }
  return { settings, dropped };
}

/** Reads the stored settings, warning once about any that were dropped. */
export function loadSettings(storage: Pick<Storage, 'getItem'> | null): Settings {
  let text: string | null = null;
  try {
    text = storage?.getItem(SETTINGS_KEY) ?? null;
  } catch {
    text = null; // storage refused (privacy mode): defaults
  }
  const { settings, dropped } = parseSettings(text);
  if (dropped.length > 0) console.warn(`sockscope: stored settings dropped because they no longer parse: ${dropped.join(', ')}`);
  return settings;
}

export function saveSettings(storage: Pick<Storage, 'setItem'> | null, settings: Settings): void {
  try {
    storage?.setItem(SETTINGS_KEY, JSON.stringify(settings));
  } catch (error) {
    console.warn('sockscope: settings could not be saved', error);
  }
}
