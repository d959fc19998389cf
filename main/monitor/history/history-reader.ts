/** The history requests, as each place that can answer them (the recorded store, the monitor's memory) provides them. */
import type { RequestParams, RequestResult } from '../../common/contract/requests';

export const HISTORY_REQUESTS = ['getHistory', 'getTimeline', 'getTableAt', 'getProcessConnections'] as const;
export type HistoryRequestName = (typeof HISTORY_REQUESTS)[number];

export type HistoryReader = {
  [K in HistoryRequestName]: (params: RequestParams<K>) => RequestResult<K> | Promise<RequestResult<K>>;
};
