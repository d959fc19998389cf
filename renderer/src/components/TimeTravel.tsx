/** The timeline strip (events over the recorded time; click a moment to see the table then) and the "Viewing … — back to Live" bar. */
import { useEffect, useState, type MouseEvent } from 'react';
import type { Timeline } from '../../../main/common/contract/requests';
import { useServices, useUi } from '../app/app-context';
import { formatClockTime, formatDateTime } from '../format/format';

/** The strip covers the last hour, or less where the record is younger. */
const SPAN_MS = 60 * 60 * 1000;
const BUCKETS = 120;
const REFRESH_MS = 10_000;

function useTimeline(): Timeline | null {
  const { connection } = useServices();
  const [timeline, setTimeline] = useState<Timeline | null>(null);
  useEffect(() => {
    let live = true;
    const load = () => {
      const until = new Date();
      const since = new Date(until.getTime() - SPAN_MS);
      connection.api.getTimeline({ since: since.toISOString(), until: until.toISOString(), buckets: BUCKETS }).then(
        (t) => live && setTimeline(t),
        (error: unknown) => console.warn('sockscope: timeline request failed', error),
      );
    };
    load();
    const timer = setInterval(load, REFRESH_MS);
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
  const pick = (event: MouseEvent<HTMLDivElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    const at = since + (span * (event.clientX - box.left)) / box.width;
    if (recordedFrom === null || at < recordedFrom) return; // nothing recorded then
    void feed.viewAt(new Date(Math.min(at, Date.now())).toISOString());
  };
  const marker = viewingAt ? ((Date.parse(viewingAt) - since) / span) * 100 : null;
  return (
    <div
      className="timeline"
      data-testid="timeline"
      data-since={timeline.since}
      data-span-ms={span}
      role="group"
      aria-label="Timeline of the last hour: click a moment to see the table as it was then"
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
    </div>
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
