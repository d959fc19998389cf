import { describe, expect, it } from 'vitest';
import {
  clampToDisplays,
  DEFAULT_SIZE,
  loadWindowState,
  parseWindowState,
  SAVE_DELAY_MS,
  WindowStateSaver,
  type Bounds,
  type ScreenLike,
  type Timers,
} from './window-state';

const LAPTOP: Bounds = { x: 0, y: 0, width: 1920, height: 1040 }; // less a 40 px task bar
const RIGHT_MONITOR: Bounds = { x: 1920, y: 0, width: 2560, height: 1440 };
const screenOf = (...workAreas: Bounds[]): ScreenLike => ({ getAllDisplays: () => workAreas.map((workArea) => ({ workArea })) });
const saved = (bounds: Bounds, maximized = false) => JSON.stringify({ bounds, maximized });

describe('clampToDisplays', () => {
  it('keeps a window that fits where it was', () => {
    const b = { x: 100, y: 50, width: 1200, height: 800 };
    expect(clampToDisplays(b, [LAPTOP, RIGHT_MONITOR])).toEqual(b);
    const right = { x: 2100, y: 100, width: 1400, height: 900 };
    expect(clampToDisplays(right, [LAPTOP, RIGHT_MONITOR])).toEqual(right);
  });

  it('pulls a window hanging off the edge back inside the display it is mostly on', () => {
    expect(clampToDisplays({ x: 1500, y: 600, width: 1000, height: 800 }, [LAPTOP])).toEqual({
      x: 920,
      y: 240,
      width: 1000,
      height: 800,
    });
    // Mostly on the big monitor: it moves there, not onto the laptop.
    expect(clampToDisplays({ x: 1800, y: -50, width: 1400, height: 900 }, [LAPTOP, RIGHT_MONITOR])).toEqual({
      x: 1920,
      y: 0,
      width: 1400,
      height: 900,
    });
  });

  it('shrinks a window saved on a bigger display to the work area', () => {
    expect(clampToDisplays({ x: 0, y: 0, width: 2500, height: 1400 }, [LAPTOP])).toEqual(LAPTOP);
  });

  it('gives up on a window whose display is gone (or of which a sliver shows)', () => {
    expect(clampToDisplays({ x: 2100, y: 100, width: 1400, height: 900 }, [LAPTOP])).toBeNull();
    expect(clampToDisplays({ x: 1880, y: 100, width: 1400, height: 900 }, [LAPTOP])).toBeNull(); // 40 px on screen
    expect(clampToDisplays({ x: 100, y: 100, width: 800, height: 600 }, [])).toBeNull();
  });
});

describe('parseWindowState', () => {
  it('reads what the saver writes', () => {
    expect(parseWindowState(saved({ x: -10, y: 20, width: 900, height: 700 }, true))).toEqual({
      bounds: { x: -10, y: 20, width: 900, height: 700 },
      maximized: true,
    });
  });

  it.each([
    ['{', 'not JSON'],
    ['null', 'not an object'],
    ['{"maximized":false}', 'no bounds'],
    ['{"bounds":{"x":0,"y":0,"width":"wide","height":1},"maximized":false}', 'bounds.width is not an integer'],
    ['{"bounds":{"x":0.5,"y":0,"width":1,"height":1},"maximized":false}', 'bounds.x is not an integer'],
    ['{"bounds":{"x":0,"y":0,"width":0,"height":10},"maximized":false}', 'bounds have no area'],
    ['{"bounds":{"x":0,"y":0,"width":10,"height":10}}', 'maximized is not true or false'],
  ])('refuses %s: %s', (text, message) => {
    expect(() => parseWindowState(text)).toThrow(message);
  });
});

describe('loadWindowState', () => {
  const load = (text: string | null | Error, screen = screenOf(LAPTOP)) => {
    const warnings: string[] = [];
    const read = () => {
      if (text instanceof Error) throw text;
      return text;
    };
    return { state: loadWindowState(read, screen, (line) => warnings.push(line)), warnings };
  };

  it('opens at the default size, silently, on first launch', () => {
    expect(load(null)).toEqual({ state: { bounds: null, ...DEFAULT_SIZE, maximized: false }, warnings: [] });
  });

  it('restores the saved place and the maximised flag', () => {
    const b = { x: 30, y: 40, width: 1000, height: 700 };
    expect(load(saved(b, true))).toEqual({ state: { bounds: b, width: 1000, height: 700, maximized: true }, warnings: [] });
  });

  it('opens at the default size, still maximised if it was, when the saved display is gone', () => {
    const { state, warnings } = load(saved({ x: 2100, y: 100, width: 1400, height: 900 }, true));
    expect(state).toEqual({ bounds: null, ...DEFAULT_SIZE, maximized: true });
    expect(warnings).toEqual([]);
  });

  it('warns in one line and opens at the default size when the file is corrupt or unreadable', () => {
    const corrupt = load('{"bounds": {"x": 1');
    expect(corrupt.state).toEqual({ bounds: null, ...DEFAULT_SIZE, maximized: false });
    expect(corrupt.warnings).toEqual(['sockscope: ignoring window-state.json (not JSON): the window opens at its default size']);
    const unreadable = load(new Error('EACCES: permission denied'));
    expect(unreadable.state.bounds).toBeNull();
    expect(unreadable.warnings).toEqual([
      'sockscope: cannot read window-state.json (EACCES: permission denied): the window opens at its default size',
    ]);
  });
});

describe('WindowStateSaver', () => {
  /** Timers run by hand: `advance` fires what is due. */
  function manualTimers() {
    let now = 0;
    const due = new Map<number, { at: number; callback: () => void }>();
    let next = 1;
    const timers: Timers = {
      setTimeout: (callback, ms) => {
        due.set(next, { at: now + ms, callback });
        return next++;
      },
      clearTimeout: (handle) => void due.delete(handle as number),
    };
    const advance = (ms: number) => {
      now += ms;
      for (const [id, t] of [...due]) {
        if (t.at <= now) {
          due.delete(id);
          t.callback();
        }
      }
    };
    return { timers, advance };
  }
  const state = (x: number) => ({ bounds: { x, y: 0, width: 800, height: 600 }, maximized: false });

  it('writes once, the last state, after the moves stop', () => {
    const writes: string[] = [];
    const { timers, advance } = manualTimers();
    const saver = new WindowStateSaver(
      (text) => writes.push(text),
      () => undefined,
      timers,
    );
    for (let x = 0; x < 30; x += 1) {
      saver.schedule(state(x));
      advance(20);
    }
    expect(writes).toEqual([]);
    advance(SAVE_DELAY_MS);
    expect(writes.map((w) => parseWindowState(w))).toEqual([state(29)]);
    advance(SAVE_DELAY_MS * 4);
    expect(writes).toHaveLength(1);
  });

  it('writes at once on flush (closing), and nothing when nothing changed', () => {
    const writes: string[] = [];
    const { timers, advance } = manualTimers();
    const saver = new WindowStateSaver(
      (text) => writes.push(text),
      () => undefined,
      timers,
    );
    saver.flush();
    expect(writes).toEqual([]);
    saver.schedule(state(7));
    saver.flush();
    expect(writes.map((w) => parseWindowState(w))).toEqual([state(7)]);
    advance(SAVE_DELAY_MS);
    expect(writes).toHaveLength(1);
  });

  it('says in one line when the file cannot be written', () => {
    const warnings: string[] = [];
    const saver = new WindowStateSaver(
      () => {
        throw new Error('ENOSPC: no space left on device');
      },
      (line) => warnings.push(line),
      manualTimers().timers,
    );
    saver.schedule(state(1));
    saver.flush();
    expect(warnings).toEqual(["sockscope: cannot save the window's size and position: ENOSPC: no space left on device"]);
  });
});
