/** The seam between the monitor and the transports: what each needs of the other. */
import type { EventsMessage, Json, NamesMessage, StatusMessage } from './messages';
import type { MonitorRequestName, RequestParams, RequestResult } from './requests';
import type { SnapshotTexts } from './snapshot-parts';

/** What a transport needs of the monitor: a serialised snapshot, and the monitor's requests (parameters already validated). */
export interface MonitorPort {
  /** The table as the messages that carry it, to be sent in order with nothing between them. */
  snapshotTexts(): Promise<SnapshotTexts>;
  request<K extends MonitorRequestName>(method: K, params: RequestParams<K>): Promise<RequestResult<K>>;
}

/** Where the monitor's pushes go: a transport's client, or the fan-out to all of them. */
export interface PushSink {
  events(json: Json<EventsMessage>): void;
  status(json: Json<StatusMessage>): void;
  /** Host names that arrived (batched): applied to whatever rows show those addresses. */
  names(json: Json<NamesMessage>): void;
  /** Every client needs a fresh snapshot: the worker restarted (seq began again), or the table arrived late. */
  reset(): void;
}
