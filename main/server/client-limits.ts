/** What one web-shell client may cost the server, and how many there may be. */
export interface ClientLimits {
  /** Unsent data beyond what the last snapshot queued, past which a client gets no more events, then a fresh snapshot once drained. */
  backlogBytes: number;
  /** Unsent data beyond the last snapshot past which the client is closed (1013): what nothing else may exceed. */
  maxBufferedBytes: number;
  /** The largest answer to one request; a larger one is answered with a one-line error instead. */
  maxResponseBytes: number;
  /** A `requestSnapshot` while this much is unsent waits until it has drained (a snapshot then replaces it all). */
  resyncDeferBytes: number;
  /** Requests of one client being answered at once; more wait their turn in order. */
  maxInFlight: number;
  /** Requests of one client waiting their turn; more are refused at once, with one line. */
  maxQueued: number;
  /** WebSocket clients at once; the next upgrade is closed (1013) with a reason. */
  maxClients: number;
}

const MiB = 1024 * 1024;

export const DEFAULT_CLIENT_LIMITS: ClientLimits = {
  backlogBytes: 16 * MiB,
  maxBufferedBytes: 32 * MiB,
  maxResponseBytes: 8 * MiB,
  resyncDeferBytes: 1 * MiB,
  maxInFlight: 8,
  maxQueued: 256,
  maxClients: 32,
};

/** `12.3 MB` for a message: sizes as a person reads them. */
export const megabytes = (bytes: number): string => `${Math.round((bytes / MiB) * 10) / 10} MB`;
