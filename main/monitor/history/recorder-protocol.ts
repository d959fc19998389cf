/** Messages between the poll worker and the history worker (the recorder's own thread). */
import type { EventsMessage, HistoryStatus, Json, SnapshotMessage } from '../../common/contract/messages';
import type { RequestParams } from '../../common/contract/requests';
import type { HistoryRequestName } from './history-reader';
import type { ContinueFrom, Retention } from './store-writer';

/** Where and how long to keep the history. */
export interface HistoryOptions {
  dataDir: string;
  retention: Retention;
}

export type ToRecorder =
  /** A new monitor's starting table (its first poll): recorded as a keyframe. */
  | { kind: 'run'; snapshot: Json<SnapshotMessage> }
  /** One poll, as the poll worker serialised it for the UI; `nextConn`: the monitor's next connection number. */
  | { kind: 'poll'; json: Json<EventsMessage>; nextConn: number }
  | { kind: 'query'; id: number; method: HistoryRequestName; params: RequestParams<HistoryRequestName> }
  | { kind: 'stop' };

/** The recorder's state; `readable`: the database is open, so queries go to it. */
export interface RecorderState {
  status: HistoryStatus;
  readable: boolean;
}

export type FromRecorder =
  | ({ kind: 'opened'; continueFrom: ContinueFrom | null } & RecorderState)
  | ({ kind: 'state' } & RecorderState)
  | { kind: 'answer'; id: number; ok: true; result: unknown }
  | { kind: 'answer'; id: number; ok: false; error: string }
  | { kind: 'stopped' };
