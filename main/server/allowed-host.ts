/**
 * DNS rebinding defence: a page on evil.example whose name is re-pointed at 127.0.0.1 still sends
 * `Host: evil.example:PORT`, so only the loopback names and the `--host` value, with our port, are served.
 */
export function hostAllowed(hostHeader: string | undefined, listenHost: string, port: number): boolean {
  if (!hostHeader) return false;
  const shown = listenHost.includes(':') ? `[${listenHost}]` : listenHost;
  const names = new Set(['127.0.0.1', 'localhost', '[::1]', shown.toLowerCase()]);
  const match = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(hostHeader.trim().toLowerCase());
  return match !== null && names.has(match[1]) && Number(match[2]) === port;
}
