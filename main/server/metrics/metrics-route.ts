import type http from 'node:http';
import { bearerToken, tokenMatches } from '../access-token';
import type { SockscopeMetrics } from './sockscope-metrics';

/** Answers `GET /metrics`: the exposition text to a request bearing `token`, 401 to any other. */
export function serveMetrics(
  metrics: SockscopeMetrics,
  token: string,
  req: http.IncomingMessage,
  res: http.ServerResponse,
): void {
  if (!tokenMatches(token, bearerToken(req))) {
    res.writeHead(401, { 'Content-Type': 'text/plain; charset=utf-8', 'WWW-Authenticate': 'Bearer' });
    res.end('401: /metrics needs the access token as "Authorization: Bearer TOKEN"\n');
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD' }).end();
    return;
  }
  metrics.text().then(
    (text) => {
      res.writeHead(200, { 'Content-Type': metrics.contentType, 'Cache-Control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : text);
    },
    () => {
      res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' }).end('500: metrics failed\n');
    },
  );
}
