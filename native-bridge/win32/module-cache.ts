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

/** One connection's cached answer. The source keeps it with the connection and touches it each poll. */
export interface ModuleSlot {
  readonly label: string | null;
  /** The last snapshot that used it. */
  poll: number;
}

/** The answer for connections that have no module to ask about (PID 0 and 4, no export, no OWNER_MODULE row). */
export const NO_MODULE: ModuleSlot = Object.freeze({ label: null, poll: 0 });

/**
 * Entries of closed connections are dropped every this many polls: on those polls the source
 * touches the slot of every live connection, and the rest go. In between nothing is touched, so a
 * steady poll reads no slot it does not need.
 */
const SWEEP_EVERY_POLLS = 16;

export class ModuleCache {
  private readonly entries = new Map<string, ModuleSlot>();
  private poll = 0;
  private sweeping = false;
  private live = 0;
  private budget = 0;
  /** Connections of the current snapshot left without a lookup because the budget ran out. */
  private deferred = 0;

  constructor(private readonly os: ModuleLookup) {}

  /**
   * Starts a snapshot that may make at most `lookups` OS calls: the call is synchronous, once per
   * new connection, so the first poll on a busy machine would otherwise make hundreds of them on
   * the polling thread. Connections past the budget are asked in later polls.
   */
  begin(lookups: number): void {
    this.poll++;
    this.sweeping = this.poll % SWEEP_EVERY_POLLS === 0;
    this.live = 0;
    this.budget = lookups;
    this.deferred = 0;
  }

  /** On a sweeping poll, drops the entries no connection of this snapshot used. */
  end(): void {
    if (!this.sweeping || this.entries.size <= this.live) return;
    for (const [key, slot] of this.entries) if (slot.poll !== this.poll) this.entries.delete(key);
  }

  /** How many connections of the last snapshot still wait for their lookup. */
  get pending(): number {
    return this.deferred;
  }

  /** Marks a slot the source kept from an earlier poll as still in use (on sweeping polls); returns its label. */
  touch(slot: ModuleSlot): string | null {
    if (this.sweeping && slot !== NO_MODULE && slot.poll !== this.poll) {
      slot.poll = this.poll;
      this.live++;
    }
    return slot.label;
  }

  /**
   * The slot for one OWNER_MODULE row (`identity` is the connection's identityKey), asking the OS
   * if it is new and the budget allows; null when it has to wait for a later poll (not recorded:
   * the row shows the module once it arrives).
   */
  slot(family: AddressFamily, pid: number, createTimestamp: bigint, identity: string, row: () => Buffer): ModuleSlot | null {
    // PID 0 and 4 have no module: the call answers ERROR_NOT_FOUND.
    if (pid === 0 || pid === 4 || !this.os.available(family)) return NO_MODULE;
    const key = `${pid}|${createTimestamp}|${identity}`;
    let slot = this.entries.get(key);
    if (slot === undefined) {
      if (this.budget <= 0) {
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
      slot = { label: info ? moduleLabel(info) : null, poll: 0 };
      this.entries.set(key, slot);
    }
    this.touch(slot);
    return slot;
  }
}
