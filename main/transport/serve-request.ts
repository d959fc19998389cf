/**
 * One request from a client, on either transport: validated where it enters, then answered by
 * the transport itself (what concerns the asking client only) or by the monitor.
 */
import type { MonitorPort } from '../common/contract/monitor-port';
import {
  isActionRequest,
  type ClientRequestName,
  type ElevationOffer,
  type MonitorRequestName,
  type RequestName,
  type RequestParams,
  type RequestResult,
} from '../common/contract/requests';
import { InvalidRequestError, isRequestName, parseRequestParams, shown } from '../common/contract/validate';
import { ActionError } from '../common/errors';

/** The asking client, as its transport knows it. */
export interface RequestingClient {
  /** Sends this client a fresh snapshot (from the monitor's cache where the table has not moved). */
  resync(): void;
  /** Whether this client may close connections and end processes (the web shell: only with --allow-actions). */
  readonly actionsAllowed: boolean;
  /** Restarting elevated, where this transport can (the desktop app); null elsewhere. */
  readonly elevation: Elevation | null;
}

/** What a transport that can restart the app elevated provides. */
export interface Elevation {
  offer(): ElevationOffer;
  /** Starts the elevated copy; rejects with a one-line reason. */
  restart(): Promise<{ started: true }>;
}

/** Why a client without elevation (the web shell) is refused restartElevated. */
export const DESKTOP_ONLY_REFUSAL =
  'Restart as administrator is only in the desktop app: run sockscope serve as root / administrator instead';

/** Why a client that may not act is refused; the only transport that can be read-only is the web shell. */
export const READ_ONLY_REFUSAL =
  "this Sockscope web shell is read-only: start it with 'sockscope serve --allow-actions' to close connections or end processes";

/** Requests about the asking client only, answered here: one handler each. */
const CLIENT_HANDLERS: {
  [K in ClientRequestName]: (params: RequestParams<K>, client: RequestingClient) => RequestResult<K> | Promise<RequestResult<K>>;
} = {
  requestSnapshot: (_params, client) => {
    client.resync();
    return null;
  },
  getSession: (_params, client) => ({
    actionsAllowed: client.actionsAllowed,
    actionsRefusal: client.actionsAllowed ? null : READ_ONLY_REFUSAL,
    elevation: client.elevation?.offer() ?? null,
  }),
  restartElevated: (_params, client) => {
    if (!client.elevation) throw new ActionError(DESKTOP_ONLY_REFUSAL);
    return client.elevation.restart();
  },
};

const isClientRequest = (method: RequestName): method is ClientRequestName => Object.hasOwn(CLIENT_HANDLERS, method);

function answerHere<K extends ClientRequestName>(
  method: K,
  raw: unknown,
  client: RequestingClient,
): RequestResult<K> | Promise<RequestResult<K>> {
  return CLIENT_HANDLERS[method](parseRequestParams(method, raw), client);
}

function forward<K extends MonitorRequestName>(monitor: MonitorPort, method: K, raw: unknown): Promise<RequestResult<K>> {
  return monitor.request(method, parseRequestParams(method, raw));
}

/**
 * Answers one request; rejects with a one-line InvalidRequestError for an unknown method or bad
 * parameters, and with an ActionError for an action this client may not take.
 */
export async function serveRequest(
  monitor: MonitorPort,
  client: RequestingClient,
  method: unknown,
  params: unknown,
): Promise<unknown> {
  if (!isRequestName(method)) throw new InvalidRequestError(`unknown method ${shown(method)}`);
  if (isActionRequest(method) && !client.actionsAllowed) throw new ActionError(READ_ONLY_REFUSAL);
  return isClientRequest(method) ? answerHere(method, params, client) : forward(monitor, method, params);
}
