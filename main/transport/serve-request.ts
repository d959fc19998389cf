/**
 * One request from a client, on either transport: validated where it enters, then answered by
 * the transport itself (what concerns the asking client only) or by the monitor.
 */
import type { MonitorPort } from '../common/contract/monitor-port';
import type {
  ClientRequestName,
  MonitorRequestName,
  RequestName,
  RequestParams,
  RequestResult,
} from '../common/contract/requests';
import { InvalidRequestError, isRequestName, parseRequestParams } from '../common/contract/validate';

/** The asking client, as its transport knows it. */
export interface RequestingClient {
  /** Sends this client a fresh snapshot (from the monitor's cache where the table has not moved). */
  resync(): void;
}

/** Requests about the asking client only, answered here: one handler each. */
const CLIENT_HANDLERS: { [K in ClientRequestName]: (params: RequestParams<K>, client: RequestingClient) => RequestResult<K> } = {
  requestSnapshot: (_params, client) => {
    client.resync();
    return null;
  },
};

const isClientRequest = (method: RequestName): method is ClientRequestName => Object.hasOwn(CLIENT_HANDLERS, method);

function answerHere<K extends ClientRequestName>(method: K, raw: unknown, client: RequestingClient): RequestResult<K> {
  return CLIENT_HANDLERS[method](parseRequestParams(method, raw), client);
}

function forward<K extends MonitorRequestName>(monitor: MonitorPort, method: K, raw: unknown): Promise<RequestResult<K>> {
  return monitor.request(method, parseRequestParams(method, raw));
}

/** Answers one request; rejects with a one-line InvalidRequestError for an unknown method or bad parameters. */
export async function serveRequest(
  monitor: MonitorPort,
  client: RequestingClient,
  method: unknown,
  params: unknown,
): Promise<unknown> {
  if (!isRequestName(method)) throw new InvalidRequestError(`unknown method ${JSON.stringify(method) ?? 'nothing'}`);
  return isClientRequest(method) ? answerHere(method, params, client) : forward(monitor, method, params);
}
