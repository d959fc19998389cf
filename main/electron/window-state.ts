/**
 * The window's size and position, remembered across launches in `window-state.json` in the
 * app's userData folder: saved a moment after the user stops moving or resizing, restored on
 * launch onto a display that is still there. Plain Node behind small seams (the screen, the
 * file), so it is tested without Electron.
 */
import { errorMessage } from '../common/errors';

export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  /** The normal (not maximised) bounds, so a maximised window restores to its old size too. */
  bounds: Bounds;
  maximized: boolean;
}

/** The part of Electron's `screen` this needs: each display's work area (the screen less task bars). */
export interface ScreenLike {
  getAllDisplays(): Array<{ workArea: Bounds }>;
}

export const WINDOW_STATE_FILE = 'window-state.json';
export const DEFAULT_SIZE = { width: 1400, height: 860 };
/** The window's minimum size: the toolbar and a few rows. */
export const MIN_SIZE = { width: 640, height: 400 };
/** At least this much of the window must be on a display for its old place to count. */
const MIN_VISIBLE = 100;
export const SAVE_DELAY_MS = 500;

class WindowStateError extends Error {}

const isInteger = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);

/** The saved state, checked; throws a one-line error naming what is wrong. */
export function parseWindowState(text: string): WindowState {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new WindowStateError('not JSON');
  }
  if (typeof value !== 'object' || value === null) throw new WindowStateError('not an object');
  const { bounds, maximized } = value as { bounds?: Partial<Record<keyof Bounds, unknown>>; maximized?: unknown };
  if (typeof bounds !== 'object' || bounds === null) throw new WindowStateError('no bounds');
  for (const key of ['x', 'y', 'width', 'height'] as const) {
    if (!isInteger(bounds[key])) throw new WindowStateError(`bounds.${key} is not an integer`);
  }
  const b = bounds as Bounds;
  if (b.width <= 0 || b.height <= 0) throw new WindowStateError('bounds have no area');
  if (typeof maximized !== 'boolean') throw new WindowStateError('maximized is not true or false');
  return { bounds: { x: b.x, y: b.y, width: b.width, height: b.height }, maximized };
}

const overlap = (a: Bounds, b: Bounds): { width: number; height: number } => ({
  width: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
  height: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
});

/**
 * The bounds moved onto the display they overlap most, shrunk to fit its work area and pushed
 * inside it; null where no display shows at least MIN_VISIBLE × MIN_VISIBLE of them (a monitor
 * since unplugged): then the window opens at the default size, centred.
 */
export function clampToDisplays(bounds: Bounds, workAreas: readonly Bounds[]): Bounds | null {
  let best: { area: Bounds; shown: number } | null = null;
  for (const area of workAreas) {
    const { width, height } = overlap(bounds, area);
    if (width < MIN_VISIBLE || height < MIN_VISIBLE) continue;
    if (!best || width * height > best.shown) best = { area, shown: width * height };
  }
  if (!best) return null;
  const { area } = best;
  const width = Math.min(bounds.width, area.width);
  const height = Math.min(bounds.height, area.height);
  const x = Math.min(Math.max(bounds.x, area.x), area.x + area.width - width);
  const y = Math.min(Math.max(bounds.y, area.y), area.y + area.height - height);
  return { x, y, width, height };
}

/** What the window opens with: the saved place where it is still visible, else the default size. */
export interface InitialWindow {
  bounds: Bounds | null;
  width: number;
  height: number;
  maximized: boolean;
}

/**
 * Reads the saved state. No file is a first launch (defaults, silently); a file that does not
 * parse gives one warning line and the defaults (it is overwritten at the next save).
 */
export function loadWindowState(
  read: () => string | null,
  screen: ScreenLike,
  warn: (line: string) => void,
  file = WINDOW_STATE_FILE,
): InitialWindow {
  const defaults: InitialWindow = { bounds: null, ...DEFAULT_SIZE, maximized: false };
  let text: string | null;
  try {
    text = read();
  } catch (err) {
    warn(`sockscope: cannot read ${file} (${errorMessage(err)}): the window opens at its default size`);
    return defaults;
  }
  if (text === null) return defaults;
  let saved: WindowState;
  try {
    saved = parseWindowState(text);
  } catch (err) {
    warn(`sockscope: ignoring ${file} (${errorMessage(err)}): the window opens at its default size`);
    return defaults;
  }
  const bounds = clampToDisplays(
    saved.bounds,
    screen.getAllDisplays().map((d) => d.workArea),
  );
  return bounds
    ? { bounds, width: bounds.width, height: bounds.height, maximized: saved.maximized }
    : { ...defaults, maximized: saved.maximized };
}

/** Timers, as a seam so tests need not wait. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Saves the state SAVE_DELAY_MS after the last change (a drag sends dozens of moves), and at
 * once on flush (the window closing). A failed write is one warning line; the app goes on.
 */
export class WindowStateSaver {
  private pending: WindowState | null = null;
  private timer: unknown = null;

  constructor(
    private readonly write: (text: string) => void,
    private readonly warn: (line: string) => void,
    private readonly timers: Timers = realTimers,
    private readonly delayMs = SAVE_DELAY_MS,
  ) {}

  schedule(state: WindowState): void {
    this.pending = state;
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = this.timers.setTimeout(() => this.flush(), this.delayMs);
  }

  flush(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    const state = this.pending;
    this.pending = null;
    if (!state) return;
    try {
      this.write(`${JSON.stringify(state)}\n`);
    } catch (err) {
      this.warn(`sockscope: cannot save the window's size and position: ${errorMessage(err)}`);
    }
  }
}
