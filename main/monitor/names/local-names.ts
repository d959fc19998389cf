/**
 * Names answered without asking the OS: the loopback address every machine calls localhost, and
 * the unspecified address a listener binds to (TCPView writes it `*`). Other loopback addresses
 * (127.0.0.2, …) go to the OS, whose hosts file may name them.
 */
const LOCAL_NAMES: ReadonlyMap<string, string> = new Map([
  ['127.0.0.1', 'localhost'],
  ['::1', 'localhost'],
  // A dual-stack socket's view of 127.0.0.1.
  ['::ffff:127.0.0.1', 'localhost'],
  ['0.0.0.0', '*'],
  ['::', '*'],
]);

/** The name of an address known without a lookup, or undefined if the OS must be asked. */
export function localName(address: string): string | undefined {
  return LOCAL_NAMES.get(address);
}
