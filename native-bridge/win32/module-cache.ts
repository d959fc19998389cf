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
  private budget = 0;
  /** Connections of the current snapshot left without a lookup because the budget ran out. */
  private deferred = 0;

  constructor(private readonly os: ModuleLookup) {}

  /**
   * Starts a snapshot that may make at most `lookups` OS calls: the call is synchronous, once per
   * new connection, so the first poll on a busy machine would otherwise make hundreds of them on
   * the polling thread. Connections past the budget are asked in later polls. Entries not asked
   * for during the snapshot are dropped at `end()`.
   */
  begin(lookups: number): void {
    this.seen = new Map();
    this.budget = lookups;
    this.deferred = 0;
  }

  /** How many connections of the last snapshot still wait for their lookup. */
  get pending(): number {
    return this.deferred;
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
      if (this.budget <= 0) {
        // Not recorded: asked again next poll, and the row shows the module once it arrives.
        this.deferred++;
        return null;
      }
      this.budget--;
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
