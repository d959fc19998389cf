/**
 * DNS rebinding defence: a page on evil.example whose name is re-pointed at 127.0.0.1 still sends
 * `Host: evil.example:PORT`, so only the loopback names and the `--host` value, with our port, are served.
 * Listening on every interface (`--host 0.0.0.0` or `::`), the machine's own addresses are its names too:
 * a browser on the LAN asks for `192.168.1.5:PORT`. Names other than IP literals are still refused.
 */
const WILDCARDS = new Set(['0.0.0.0', '::', '[::]']);

/** `[fe80::1]` for an IPv6 address, as it appears in a Host header. */
const asHostName = (address: string): string => (address.includes(':') ? `[${address}]` : address).toLowerCase();

export function hostAllowed(
  hostHeader: string | undefined,
  listenHost: string,
  port: number,
  /** The machine's interface addresses, asked only when listening on every interface. */
  localAddresses: () => readonly string[] = () => [],
): boolean {
  if (!hostHeader) return false;
  const match = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(hostHeader.trim().toLowerCase());
  if (match === null || Number(match[2]) !== port) return false;
  const names = new Set(['127.0.0.1', 'localhost', '[::1]', asHostName(listenHost)]);
  if (names.has(match[1])) return true;
  return WILDCARDS.has(listenHost) && localAddresses().some((address) => asHostName(address) === match[1]);
}
