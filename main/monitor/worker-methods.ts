import type { MonitorRequestName, RequestParams, RequestResult } from '../common/contract/requests';
import type { Monitor } from './monitor';
import type { WorkerRequest } from './worker-protocol';

type Handler<K extends MonitorRequestName> = (
  monitor: Monitor,
  params: RequestParams<K>,
) => RequestResult<K> | Promise<RequestResult<K>>;

/** One handler per request the monitor answers: a request without one is a type error. */
const HANDLERS: { [K in MonitorRequestName]: Handler<K> } = {
  setPaused: (monitor, { paused }) => (paused ? monitor.pause() : monitor.resume()),
  setIntervalMs: (monitor, { intervalMs }) => monitor.setIntervalMs(intervalMs),
  setResolveNames: (monitor, { resolve }) => monitor.setResolveNames(resolve),
  pollNow: (monitor) => monitor.pollNow(),
  getProcess: (monitor, { pid }) => monitor.processInfo(pid),
  getHistory: (monitor, query) => monitor.history(query),
  closeConnection: (monitor, { id }) => monitor.closeConnection(id),
  endProcess: (monitor, { pid, force }) => monitor.endProcess(pid, force ?? false),
};

/** Carries out one request on the monitor (validated by the transport that took it). */
export async function runWorkerRequest<K extends MonitorRequestName>(
  monitor: Monitor,
  request: WorkerRequest<K>,
): Promise<RequestResult<K>> {
  return HANDLERS[request.method](monitor, request.params);
}
