import net from 'node:net';

/**
 * A loopback server that ends its side once the client has ended its own: the client, closing
 * first, waits in TIME_WAIT, and the server end is freed for good. Resolves once listening.
 */
export async function closingServer(): Promise<{ server: net.Server; port: number }> {
  const server = net.createServer((s) =>
    s
      .on('end', () => s.end())
      .on('error', () => {})
      .resume(),
  );
  await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve));
  return { server, port: (server.address() as net.AddressInfo).port };
}
