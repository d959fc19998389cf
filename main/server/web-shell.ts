import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { Fanout } from '../transport/fanout';
import type { MonitorPort } from '../common/contract/monitor-port';
import { newAccessToken, presentedToken, requestUrl, sameOrigin, tokenCookieName, tokenMatches } from './access-token';
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
}

export interface WebShell {
  /** The URL to open, token included. */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Thrown when the port cannot be had; the CLI turns it into exit code 2. */
export class ListenError extends Error {}

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
    if (!tokenMatches(token, presentedToken(req, url, cookieName))) {
      res.writeHead(401, { 'Content-Type': 'text/plain; charset=utf-8', ...securityHeaders(wsOrigin) });
      res.end('401: this Sockscope UI needs its access token: open the URL that `sockscope serve` printed\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    const file = files.get(url.pathname === '/' ? '/index.html' : url.pathname);
    if (!file) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('404: not found\n');
      return;
    }
    const headers: Record<string, string> = { 'Content-Type': file.contentType, ...securityHeaders(wsOrigin) };
    // The page's own requests (scripts, styles, the WebSocket) carry the token as a cookie.
    if (file.contentType.startsWith('text/html')) {
      headers['Set-Cookie'] = `${cookieName}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`;
    }
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : file.body);
  };

  const handleUpgrade = (req: http.IncomingMessage, socket: Duplex, head: Buffer): void => {
    if (!hostAllowed(req.headers.host, options.host, port, interfaceAddresses)) {
      socket.end('HTTP/1.1 421 Misdirected Request\r\nConnection: close\r\n\r\n');
      return;
    }
    const url = requestUrl(req);
    if (!url || url.pathname !== '/ws' || !tokenMatches(token, presentedToken(req, url, cookieName)) || !sameOrigin(req)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const client = new WsClient(ws, monitor, options.allowActions ?? false);
      const detach = fanout.attach(client);
      ws.on('close', detach);
      ws.on('error', detach);
    });
  };

  // Whatever a request holds, the monitor keeps serving: an unexpected fault answers 500.
  const server = http.createServer((req, res) => {
    try {
      handleRequest(req, res);
    } catch {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('500: internal error\n');
    }
  });
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
  wsOrigin = `ws://${shownHost}:${port}`;
  return {
    url: `http://${shownHost}:${port}/?token=${encodeURIComponent(token)}`,
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
