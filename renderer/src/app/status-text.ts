/** Text for the status bar, banners and toolbar, derived from state. Pure, so it is unit-tested. */
import { MAX_INTERVAL_MS, MIN_INTERVAL_MS, type MonitorStatus } from '../../../main/common/contract/messages';
import type { TransportState } from '../api/websocket-carrier';
import { formatClockTime, formatDateTime, formatInterval } from '../format/format';

/** The refresh intervals offered, 250 ms … 10 s, plus the monitor's current one if it is unusual. */
export function intervalOptions(currentMs: number | null): Array<{ value: number; label: string }> {
  const standard = [250, 500, 1000, 2000, 5000, 10_000].filter((ms) => ms >= MIN_INTERVAL_MS && ms <= MAX_INTERVAL_MS);
  const values = currentMs === null || standard.includes(currentMs) ? standard : [...standard, currentMs].sort((a, b) => a - b);
  return values.map((value) => ({ value, label: formatInterval(value) }));
}

/** "netlink", with the description as the longer explanation (e.g. why a fallback is in use). */
export function sourceLabel(status: MonitorStatus | null): string {
  if (!status) return 'connecting…';
  return status.sourceDescription ? `${status.source} — ${status.sourceDescription}` : status.source;
}

/** What is kept, in a word for the status bar and a line for its tooltip: recording, and short-lived connections seen. */
export function keepingText(status: MonitorStatus | null): { label: string; detail: string } | null {
  if (!status) return null;
  const { history, shortLived } = status;
  const recording = history.recording ? 'Recording' : 'Not recording';
  const since = history.recording && history.since ? ` since ${formatDateTime(history.since)}` : '';
  const lines = [`${recording}${since}${history.note ? `: ${history.note}` : ''}`];
  if (shortLived) {
    lines.push(
      shortLived.watching
        ? `Short-lived connections are seen as the kernel frees them${shortLived.note ? ` (${shortLived.note})` : ''}`
        : `Short-lived connections are not seen: ${shortLived.note ?? 'this source cannot'}`,
    );
  }
  return { label: `${history.recording ? '● ' : ''}${recording}`, detail: lines.join('\n') };
}

export function lastRefreshText(status: MonitorStatus | null): string {
  const at = formatClockTime(status?.lastGoodPollAt);
  return at ? `Last refresh ${at}` : 'No refresh yet';
}

/** The banner shown while polls fail: the monitor keeps polling, so the table may be stale. */
export function pollErrorText(status: MonitorStatus | null): string | null {
  if (!status?.error) return null;
  const lastGood = formatDateTime(status.lastGoodPollAt);
  const since = lastGood ? `showing data from the last good poll at ${lastGood}` : 'no poll has succeeded yet';
  return `Polling failed at ${formatClockTime(status.error.at) || status.error.at}: ${status.error.message} — ${since}. Still retrying.`;
}

export function transportText(transport: TransportState): string | null {
  switch (transport) {
    case 'open':
      return null;
    case 'connecting':
      return 'Connecting to the monitor…';
    case 'closed':
      return 'Connection to the monitor lost — reconnecting…';
    case 'refused':
      return "The Sockscope server no longer accepts this page's access token: it was restarted with a new one. Open the URL it printed (the 'Sockscope UI:' line) to connect again.";
  }
}
