import type { MonitorRequestName, RequestParams, RequestResult } from '../common/contract/requests';
import type { HistoryReader } from './history/history-reader';
import type { Monitor } from './monitor';
import type { WorkerRequest } from './worker-protocol';

/** What a request is answered with: the monitor, and the history (recorded where it is being recorded, else its memory). */
export interface WorkerContext {
  monitor: Monitor;
  history(): HistoryReader;
}

type Handler<K extends MonitorRequestName> = (
  context: WorkerContext,
  params: RequestParams<K>,
) => RequestResult<K> | Promise<RequestResult<K>>;

/** One handler per request the monitor answers: a request without one is a type error. */
const HANDLERS: { [K in MonitorRequestName]: Handler<K> } = {
  setIntervalMs: ({ monitor }, { intervalMs }) => monitor.setIntervalMs(intervalMs),
  setResolveNames: ({ monitor }, { resolve }) => monitor.setResolveNames(resolve),
  pollNow: ({ monitor }) => monitor.pollNow(),
  getProcess: ({ monitor }, { pid }) => monitor.processInfo(pid),
  getHistory: ({ history }, query) => history().getHistory(query),
  getTimeline: ({ history }, query) => history().getTimeline(query),
  getTableAt: ({ history }, query) => history().getTableAt(query),
  getProcessConnections: ({ history }, query) => history().getProcessConnections(query),
  closeConnection: ({ monitor }, { id }) => monitor.closeConnection(id),
  endProcess: ({ monitor }, { pid, force }) => monitor.endProcess(pid, force ?? false),
};

/** Carries out one request (validated by the transport that took it). */
export async function runWorkerRequest<K extends MonitorRequestName>(
  context: WorkerContext,
  request: WorkerRequest<K>,
): Promise<RequestResult<K>> {
  return HANDLERS[request.method](context, request.params);
}
