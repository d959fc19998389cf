/**
 * Names for a fixed set of addresses, all at once (`sockscope list --resolve`): local answers
 * where they do, the OS for the rest, a few lookups at a time.
 */
import { localName } from './local-names';
import { type LookupFn, LookupQueue } from './lookup-queue';
import { osLookup } from './os-lookup';

/** Each address → its name, or null where it has none. */
export function resolveAll(
  addresses: Iterable<string>,
  { lookup = osLookup, maxInFlight }: { lookup?: LookupFn; maxInFlight?: number } = {},
): Promise<Map<string, string | null>> {
  const names = new Map<string, string | null>();
  return new Promise((resolve) => {
    let waiting = 0;
    const queue = new LookupQueue({
      lookup,
      maxInFlight,
      wanted: () => true,
      answered: (address, host) => {
        names.set(address, host);
        if (--waiting === 0) resolve(names);
      },
    });
    for (const address of addresses) {
      if (names.has(address)) continue;
      const local = localName(address);
      names.set(address, local ?? null);
      if (local === undefined) {
        waiting++;
        queue.add(address);
      }
    }
    if (waiting === 0) resolve(names);
  });
}
