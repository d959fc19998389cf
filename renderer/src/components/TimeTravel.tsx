/** The timeline strip (events over the recorded time; click a moment to see the table then) and the "Viewing … — back to Live" bar. */
import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import type { Timeline } from '../../../main/common/contract/requests';
import { useServices, useUi } from '../app/app-context';
import { formatClockTime, formatDateTime } from '../format/format';

/** The strip covers the recorded time, the last hour at most and two minutes at least. */
const MAX_SPAN_MS = 60 * 60 * 1000;
const MIN_SPAN_MS = 2 * 60 * 1000;
const BUCKETS = 120;
const REFRESH_MS = 10_000;
/** A moment picked from the keyboard is asked for once the keys rest this long (each one rebuilds a table). */
const KEY_SETTLE_MS = 300;

/** Where the strip starts: an hour back, or where the record starts if that is later. */
function stripStart(now: number, recordedSince: string | null): number {
  const recorded = recordedSince ? Date.parse(recordedSince) : now - MAX_SPAN_MS;
  return Math.min(now - MIN_SPAN_MS, Math.max(now - MAX_SPAN_MS, recorded));
}

function useTimeline(): Timeline | null {
  const { connection } = useServices();
  const [timeline, setTimeline] = useState<Timeline | null>(null);
  useEffect(() => {
    let live = true;
    let recordedSince: string | null = null;
    const load = (again: boolean) => {
      const until = Date.now();
      const since = stripStart(until, recordedSince);
      const query = { since: new Date(since).toISOString(), until: new Date(until).toISOString(), buckets: BUCKETS };
      connection.api.getTimeline(query).then(
        (t) => {
          if (!live) return;
          recordedSince = t.recordedSince;
          // The first answer says where the record starts: ask again for just that span.
          if (again && stripStart(until, recordedSince) !== since) load(false);
          else setTimeline(t);
        },
        (error: unknown) => console.warn('sockscope: timeline request failed', error),
      );
    };
    load(true);
    const timer = setInterval(() => load(false), REFRESH_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [connection]);
  return timeline;
}

export function TimelineStrip() {
  const { feed } = useServices();
  const timeline = useTimeline();
  const viewingAt = useUi((state) => state.viewingAt);
  // While dragging or stepping with keys: where the marker is, before the table there is asked for.
  const [preview, setPreview] = useState<number | null>(null);
  const dragging = useRef(false);
  const keyTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(keyTimer.current), []);
  if (!timeline) return null;
  const since = Date.parse(timeline.since);
  const span = timeline.bucketMs * timeline.counts.length;
  const recordedFrom = timeline.recordedSince ? Math.max(since, Date.parse(timeline.recordedSince)) : null;
  const most = Math.max(1, ...timeline.counts);
  const latest = Math.min(since + span, Date.now());
  /** A moment within what was recorded, or null if nothing was recorded then. */
  const clamp = (at: number): number | null => (recordedFrom === null ? null : Math.min(latest, Math.max(recordedFrom, at)));
  const view = (at: number | null) => {
    setPreview(null);
    if (at !== null) void feed.viewAt(new Date(at).toISOString());
  };
  const atPointer = (event: PointerEvent<HTMLElement>): number => {
    const box = event.currentTarget.getBoundingClientRect();
    return since + (span * (event.clientX - box.left)) / box.width;
  };
  const onPointerDown = (event: PointerEvent<HTMLElement>) => {
    if (event.button !== 0) return;
    const at = atPointer(event);
    if (recordedFrom === null || at < recordedFrom) return; // nothing recorded then
    dragging.current = true;
    event.currentTarget.setPointerCapture?.(event.pointerId);
    setPreview(clamp(at));
  };
  const onPointerMove = (event: PointerEvent<HTMLElement>) => {
    if (dragging.current) setPreview(clamp(atPointer(event)));
  };
  const onPointerUp = (event: PointerEvent<HTMLElement>) => {
    if (!dragging.current) return;
    dragging.current = false;
    view(clamp(atPointer(event)));
  };
  const shown = preview ?? (viewingAt ? Date.parse(viewingAt) : null);
  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    const from = shown ?? latest;
    const step = timeline.bucketMs * (event.shiftKey ? 10 : 1);
    const to: Record<string, number | undefined> = {
      ArrowLeft: from - step,
      ArrowDown: from - step,
      ArrowRight: from + step,
      ArrowUp: from + step,
      PageDown: from - step * 10,
      PageUp: from + step * 10,
      Home: recordedFrom ?? undefined,
      End: latest,
    };
    if (event.key === 'Escape' && viewingAt) {
      event.preventDefault();
      clearTimeout(keyTimer.current);
      setPreview(null);
      feed.setPaused(false);
      return;
    }
    const target = to[event.key];
    if (target === undefined) return;
    event.preventDefault();
    const at = clamp(target);
    if (at === null) return;
    setPreview(at);
    clearTimeout(keyTimer.current);
    keyTimer.current = setTimeout(() => view(at), KEY_SETTLE_MS);
  };
  const marker = shown !== null ? ((shown - since) / span) * 100 : null;
  return (
    // A labelled section: a landmark of its own, as every part of the page must be in one.
    <section
      className="timeline"
      data-testid="timeline"
      data-since={timeline.since}
      data-span-ms={span}
      aria-label="Timeline of the recorded time (the last hour at most)"
      title={`Events from ${formatDateTime(timeline.since)} to ${formatClockTime(timeline.until)}; click or drag to see the table at that moment, or focus it and use the arrow keys (Shift: 10 steps), Home, End, Escape for Live`}
    >
      <div
        className="timeline-slider"
        role="slider"
        tabIndex={0}
        aria-label="Moment to view: the arrow keys step, Home and End go to the first and last recorded moment, Escape returns to Live"
        aria-valuemin={recordedFrom ?? since}
        aria-valuemax={latest}
        aria-valuenow={shown ?? latest}
        aria-valuetext={shown === null ? 'Live' : formatDateTime(new Date(shown).toISOString())}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onKeyDown={onKeyDown}
      >
        <svg viewBox={`0 0 ${timeline.counts.length} 100`} preserveAspectRatio="none" aria-hidden="true">
          {timeline.counts.map((count, i) =>
            count === 0 ? null : (
              <rect key={i} x={i + 0.1} width={0.8} y={100 - (count / most) * 100} height={(count / most) * 100} />
            ),
          )}
        </svg>
        {marker !== null && <span className="timeline-marker" style={{ left: `${marker}%` }} />}
      </div>
    </section>
  );
}

export function ViewingBar() {
  const { feed } = useServices();
  const viewingAt = useUi((state) => state.viewingAt);
  if (!viewingAt) return null;
  return (
    <div className="banner banner-notice" role="status" data-testid="viewing-bar">
      Viewing {formatDateTime(viewingAt)}: the table as it was then (recording goes on) —
      <button type="button" className="banner-dismiss" data-testid="back-to-live" onClick={() => feed.setPaused(false)}>
        Back to Live
      </button>
    </div>
  );
}
