/** The timeline strip (events over the recorded time; click a moment to see the table then) and the "Viewing … — back to Live" bar. */
import { useEffect, useState, type MouseEvent } from 'react';
import type { Timeline } from '../../../main/common/contract/requests';
import { useServices, useUi } from '../app/app-context';
import { formatClockTime, formatDateTime } from '../format/format';

/** The strip covers the recorded time, the last hour at most and two minutes at least. */
const MAX_SPAN_MS = 60 * 60 * 1000;
const MIN_SPAN_MS = 2 * 60 * 1000;
const BUCKETS = 120;
const REFRESH_MS = 10_000;

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
  if (!timeline) return null;
  const since = Date.parse(timeline.since);
  const span = timeline.bucketMs * timeline.counts.length;
  const recordedFrom = timeline.recordedSince ? Math.max(since, Date.parse(timeline.recordedSince)) : null;
  const most = Math.max(1, ...timeline.counts);
  const pick = (event: MouseEvent<HTMLElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    const at = since + (span * (event.clientX - box.left)) / box.width;
    if (recordedFrom === null || at < recordedFrom) return; // nothing recorded then
    void feed.viewAt(new Date(Math.min(at, Date.now())).toISOString());
  };
  const marker = viewingAt ? ((Date.parse(viewingAt) - since) / span) * 100 : null;
  return (
    // A labelled section: a landmark of its own, as every part of the page must be in one.
    <section
      className="timeline"
      data-testid="timeline"
      data-since={timeline.since}
      data-span-ms={span}
      aria-label="Timeline of the recorded time (the last hour at most): click a moment to see the table as it was then"
      title={`Events from ${formatDateTime(timeline.since)} to ${formatClockTime(timeline.until)}; click to see the table at that moment`}
      onClick={pick}
    >
      <svg viewBox={`0 0 ${timeline.counts.length} 100`} preserveAspectRatio="none" aria-hidden="true">
        {timeline.counts.map((count, i) =>
          count === 0 ? null : (
            <rect key={i} x={i + 0.1} width={0.8} y={100 - (count / most) * 100} height={(count / most) * 100} />
          ),
        )}
      </svg>
      {marker !== null && <span className="timeline-marker" style={{ left: `${marker}%` }} />}
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
