/** What the recorder says (not recording, paused, resumed, a damaged file kept aside), as one stderr line each time it changes. */
import { decodeJson, type HistoryStatus } from '../common/contract/messages';
import type { PushSink } from '../common/contract/monitor-port';

/** The line for a change of the history's state, or null where there is nothing to say. */
export function historyNoteLine(command: string, before: HistoryStatus | null, now: HistoryStatus): string | null {
  if (now.note !== null && now.note !== before?.note) return `sockscope ${command}: ${now.note}`;
  if (before?.note && before.recording === false && now.recording) return `sockscope ${command}: recording resumed`;
  return null;
}

/**
 * Forwards every push to `sink`, and writes the history's notes to stderr as they change;
 * `recordingLine`: what to say when the first status finds it recording.
 */
export function sayHistoryNotes(command: string, sink: PushSink, recordingLine?: string): PushSink {
  let last: HistoryStatus | null = null;
  return {
    events: (json) => sink.events(json),
    names: (json) => sink.names(json),
    reset: () => sink.reset(),
    status: (json) => {
      const { history } = decodeJson(json).status;
      const line =
        historyNoteLine(command, last, history) ?? (last === null && history.recording ? (recordingLine ?? null) : null);
      if (line) process.stderr.write(`${line}\n`);
      last = history;
      sink.status(json);
    },
  };
}
