import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { Fanout } from '../transport/fanout';
import type { MonitorPort } from '../common/contract/monitor-port';
import {
  newAccessToken,
  presentedToken,
  requestUrl,
  sameOrigin,
  tokenCookie,
  tokenCookieName,
  tokenMatches,
} from './access-token';
import { DEFAULT_CLIENT_LIMITS, type ClientLimits } from './client-limits';
import { hostAllowed } from './allowed-host';
import { loadStaticFiles } from './static-files';
import { serveMetrics } from './metrics/metrics-route';
import type { SockscopeMetrics } from './metrics/sockscope-metrics';
import { WsClient } from './ws-client';

/** This machine's interface addresses: the names a wildcard `--host` answers to (asked per request: DHCP moves them). */
const interfaceAddresses = (): string[] =>
  Object.values(os.networkInterfaces()).flatMap((list) => (list ?? []).map((entry) => entry.address));

export interface WebShellOptions {
  host: string;
  /** 0 = any free port. */
  port: number;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** Fixed token (tests); a random one otherwise. */
  token?: string;
  /** Let browsers close connections and end processes (`serve --allow-actions`); read-only by default. */
  allowActions?: boolean;
  /** Answer `GET /metrics` (Prometheus) to requests bearing the token. */
  metrics?: SockscopeMetrics;
  /** Serve HTTPS and WSS with this certificate and key (PEM); plain HTTP without. */
  tls?: { cert: Buffer; key: Buffer };
  /** What one client may cost (tests shrink them). */
  limits?: ClientLimits;
}

export interface WebShell {
  /** The URL to open, token included (traded for a cookie at once: see the 303 below). */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Thrown when the port cannot be had; the CLI turns it into exit code 2. */
export class ListenError extends Error {}

/** An upgrade refused before it is one: a status line and the reason in one line of text. */
function refuseUpgrade(socket: Duplex, status: string, why: string): void {
  const body = `${why}\n`;
  socket.end(
    `HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/** The same address without its `token` parameter: where a page asked with the token is sent on. */
function withoutToken(url: URL): string {
  const rest = new URLSearchParams(url.searchParams);
  rest.delete('token');
  const query = rest.toString();
  return url.pathname + (query ? `?${query}` : '');
}

const securityHeaders = (wsOrigin: string): Record<string, string> => ({
  'Content-Security-Policy': [
    "default-src 'self'",
    "script-src 'self'",
    // AG Grid injects its theme as <style> elements.
    "style-src 'self' 'unsafe-inline'",
    `connect-src 'self' ${wsOrigin}`,
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; '),
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
});

/** The headless web shell: the same renderer bundle over HTTP, the same messages over a WebSocket. */
export async function startWebShell(monitor: MonitorPort, fanout: Fanout, options: WebShellOptions): Promise<WebShell> {
  const files = loadStaticFiles(options.rendererDir);
  const token = options.token ?? newAccessToken();
  const limits = options.limits ?? DEFAULT_CLIENT_LIMITS;
  const secure = options.tls !== undefined;
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  let wsOrigin = '';

  let cookieName = '';
  let port = 0;

  const handleRequest = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    if (!hostAllowed(req.headers.host, options.host, port, interfaceAddresses)) {
      res.writeHead(421, { 'Content-Type': 'text/plain; charset=utf-8' }).end('421: unexpected Host header\n');
      return;
    }
    const url = requestUrl(req);
    if (!url) {
      res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' }).end('400: bad request\n');
      return;
    }
    if (url.pathname === '/metrics' && options.metrics) return serveMetrics(options.metrics, token, req, res);
    const refuse = () => {
      res.writeHead(401, { 'Content-Type': 'text/plain; charset=utf-8', ...securityHeaders(wsOrigin) });
      res.end('401: this Sockscope UI needs its access token: open the URL that `sockscope serve` printed\n');
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      if (!tokenMatches(token, presentedToken(req, cookieName))) return refuse();
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    // The printed URL's token is traded for the session cookie, and the browser sent on to the
    // same address without it: the address bar and the history never keep the token.
    if (url.searchParams.has('token')) {
      if (!tokenMatches(token, url.searchParams.get('token'))) return refuse();
      res.writeHead(303, {
        Location: withoutToken(url),
        'Set-Cookie': tokenCookie(cookieName, token, secure),
        ...securityHeaders(wsOrigin),
      });
      res.end();
      return;
    }
    if (!tokenMatches(token, presentedToken(req, cookieName))) return refuse();
    const file = files.get(url.pathname === '/' ? '/index.html' : url.pathname);
    if (!file) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('404: not found\n');
      return;
    }
    res.writeHead(200, { 'Content-Type': file.contentType, ...securityHeaders(wsOrigin) });
    res.end(req.method === 'HEAD' ? undefined : file.body);
  };

  const handleUpgrade = (req: http.IncomingMessage, socket: Duplex, head: Buffer): void => {
    if (!hostAllowed(req.headers.host, options.host, port, interfaceAddresses)) {
      socket.end('HTTP/1.1 421 Misdirected Request\r\nConnection: close\r\n\r\n');
      return;
    }
    const url = requestUrl(req);
    if (!url || url.pathname !== '/ws') return refuseUpgrade(socket, '404 Not Found', '404: the WebSocket is at /ws');
    // A URL is logged and shown where a header or cookie is not: the WebSocket takes neither a token in it.
    if (url.searchParams.has('token')) {
      return refuseUpgrade(
        socket,
        '401 Unauthorized',
        '401: the WebSocket takes its token from the cookie or an "Authorization: Bearer TOKEN" header, not from its URL',
      );
    }
    if (!tokenMatches(token, presentedToken(req, cookieName))) {
      return refuseUpgrade(socket, '401 Unauthorized', '401: this WebSocket needs the access token (cookie or Bearer header)');
    }
    if (!sameOrigin(req)) {
      return refuseUpgrade(
        socket,
        '401 Unauthorized',
        '401: this WebSocket takes upgrades from its own page only, not from another Origin',
      );
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      // `wss.clients` holds this one already.
      if (wss.clients.size > limits.maxClients) {
        ws.close(1013, `sockscope serve: too many clients (${limits.maxClients} at once); close one first`);
        return;
      }
      const client = new WsClient(ws, monitor, options.allowActions ?? false, limits);
      const detach = fanout.attach(client);
      ws.on('close', detach);
      ws.on('error', detach);
    });
  };

  // Whatever a request holds, the monitor keeps serving: an unexpected fault answers 500.
  const handle = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    try {
      handleRequest(req, res);
    } catch {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('500: internal error\n');
    }
  };
  const server = options.tls
    ? https.createServer({ cert: options.tls.cert, key: options.tls.key }, handle)
    : http.createServer(handle);
  server.on('upgrade', (req, socket, head) => {
    try {
      handleUpgrade(req, socket, head);
    } catch {
      socket.destroy();
    }
  });
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      const where = `${options.host}:${options.port}`;
      if (err.code === 'EADDRINUSE')
        reject(new ListenError(`port ${options.port} is already in use on ${options.host}; choose another with --port`));
      else if (err.code === 'EADDRNOTAVAIL') reject(new ListenError(`cannot listen on ${where}: no such local address`));
      else if (err.code === 'EACCES') reject(new ListenError(`cannot listen on ${where}: permission denied`));
      else reject(new ListenError(`cannot listen on ${where}: ${err.message}`));
    });
    server.listen(options.port, options.host, () => resolve());
  });

  port = (server.address() as AddressInfo).port;
  cookieName = tokenCookieName(port);
  const shownHost = options.host.includes(':') ? `[${options.host}]` : options.host;
  wsOrigin = `${secure ? 'wss' : 'ws'}://${shownHost}:${port}`;
  return {
    url: `${secure ? 'https' : 'http'}://${shownHost}:${port}/?token=${encodeURIComponent(token)}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const ws of wss.clients) ws.terminate();
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
