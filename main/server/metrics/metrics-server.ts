import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { requestUrl } from '../access-token';
import { serveMetrics } from './metrics-route';
import type { SockscopeMetrics } from './sockscope-metrics';

export interface MetricsServer {
  port: number;
  close(): Promise<void>;
}

/** A listener with `/metrics` alone, for the commands without a UI (`record --metrics-port`). */
export async function startMetricsServer(
  metrics: SockscopeMetrics,
  token: string,
  host: string,
  port: number,
): Promise<MetricsServer> {
  const server = http.createServer((req, res) => {
    if (requestUrl(req)?.pathname === '/metrics') return serveMetrics(metrics, token, req, res);
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('404: only /metrics is served here\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        new Error(
          err.code === 'EADDRINUSE'
            ? `port ${port} is already in use on ${host}`
            : `cannot listen on ${host}:${port}: ${err.message}`,
        ),
      ),
    );
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
