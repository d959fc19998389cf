import type { RequestName, RequestResult } from '../contract/messages';
import type { SnapshotJson } from '../monitor/worker-protocol';

/** What a transport needs of the monitor: a serialised snapshot, and the contract's requests. */
export interface MonitorPort {
  snapshotJson(): Promise<SnapshotJson>;
  request<K extends RequestName>(method: K, params: unknown): Promise<RequestResult<K>>;
}
