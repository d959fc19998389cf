/**
 * The owning module / service of each connection (GetOwnerModuleFromTcp*Entry), cached per
 * connection: a connection's owner does not change, so each is asked once. The key is the pid, the
 * creation time and the connection's identity: FILETIME ticks are coarse, and two sockets one
 * svchost opened in the same tick for different services must not share an entry.
 * The lookup is injected: iphlpapi.ts's OwnerModuleReader on Windows, fakes in tests.
 */
import type { AddressFamily } from '../../main/common/types';
import { moduleLabel, type OwnerModule } from './decode-module-info';

export interface ModuleLookup {
  available(family: AddressFamily): boolean;
  lookup(family: AddressFamily, row: Buffer): OwnerModule | null;
}

export class ModuleCache {
  private entries = new Map<string, string | null>();
  private seen = new Map<string, string | null>();

  constructor(private readonly os: ModuleLookup) {}

  /** Starts a snapshot: entries not asked for during it are dropped at `end()`. */
  begin(): void {
    this.seen = new Map();
  }

  end(): void {
    this.entries = this.seen;
  }

  /** The module label for one OWNER_MODULE row; `identity` is the connection's identityKey. */
  label(family: AddressFamily, pid: number, createTimestamp: bigint, identity: string, row: () => Buffer): string | null {
    // PID 0 and 4 have no module: the call answers ERROR_NOT_FOUND.
    if (pid === 0 || pid === 4 || !this.os.available(family)) return null;
    const key = `${pid}|${createTimestamp}|${identity}`;
    let label: string | null | undefined = this.seen.has(key)
      ? this.seen.get(key)
      : this.entries.has(key)
        ? this.entries.get(key)
        : undefined;
    if (label === undefined) {
      let info: OwnerModule | null = null;
      try {
        info = this.os.lookup(family, row());
      } catch {
        info = null;
      }
      label = info ? moduleLabel(info) : null;
    }
    this.seen.set(key, label);
    return label;
  }
}
