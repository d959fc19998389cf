/**
 * When the recorder writes a keyframe (the whole table). A moment is rebuilt from the nearest
 * keyframe before it plus the events after, so keyframes bound that replay; but a keyframe of a
 * big, quiet table costs far more room than the few events it saves replaying.
 */

/** While anything happens, a keyframe at least this often, where it is cheap enough (below). */
export const KEYFRAME_INTERVAL_MS = 5 * 60_000;
/** ... cheap enough: the table has at most this many rows per event since the last keyframe. */
export const KEYFRAME_ROWS_PER_EVENT = 10;
/** Always once this many events have happened since the last (replay stays short on a small table too). */
export const KEYFRAME_MIN_EVENTS = 10_000;
/** And, while anything happens, at least this often whatever it costs, so pruning by age is never far behind. */
export const KEYFRAME_MAX_INTERVAL_MS = 6 * 3_600_000;

export interface SinceKeyframe {
  /** Events recorded since the last keyframe. */
  events: number;
  /** Rows in the table now. */
  rows: number;
  /** Time since the last keyframe. */
  elapsedMs: number;
}

export function keyframeDue({ events, rows, elapsedMs }: SinceKeyframe): boolean {
  if (events === 0) return false;
  return (
    // Replaying more events than the table has rows costs more than reading a keyframe.
    events >= Math.max(rows, KEYFRAME_MIN_EVENTS) ||
    (elapsedMs >= KEYFRAME_INTERVAL_MS && rows <= KEYFRAME_ROWS_PER_EVENT * events) ||
    elapsedMs >= KEYFRAME_MAX_INTERVAL_MS
  );
}
