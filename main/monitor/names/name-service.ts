/**
 * Host names for the connection table: the monitor tells it which rows came and went, it looks
 * up the new addresses in the background (never holding up a poll) and hands out the answers in
 * batches. Resolving can be switched off: then no lookups go out at all (PTR queries tell a DNS
 * server what this machine talks to).
 */
import type { HostName } from '../../common/contract/messages';
import type { ConnectionEvent, TrackedConnection } from '../../common/contract/events';
import { localName } from './local-names';
import { type LookupFn, LookupQueue } from './lookup-queue';
import { NameBatches } from './name-batches';
import { NameCache, type NameCacheOptions } from './name-cache';
import { osLookup } from './os-lookup';
import { rowAddresses, TableAddresses } from './table-addresses';

export interface NameServiceOptions {
  /** Resolve from the start (default: no). */
  resolve?: boolean;
  /** Where batches of names go. */
  send?: (names: HostName[]) => void;
  /** The OS's getnameinfo unless a unit test brings its own. */
  lookup?: LookupFn;
  maxInFlight?: number;
  batchIntervalMs?: number;
  cache?: NameCacheOptions;
}

export class NameService {
  /** The table's addresses, tracked only while resolving: off costs a poll nothing. */
  private table = new TableAddresses();
  private readonly cache: NameCache;
  private readonly queue: LookupQueue;
  private readonly batches: NameBatches;
  private on: boolean;

  constructor(options: NameServiceOptions = {}) {
    this.on = options.resolve ?? false;
    this.cache = new NameCache(options.cache);
    this.batches = new NameBatches(options.send ?? (() => undefined), options.batchIntervalMs);
    this.queue = new LookupQueue({
      lookup: options.lookup ?? osLookup,
      maxInFlight: options.maxInFlight,
      wanted: (address) => this.on && this.table.has(address),
      answered: (address, host) => {
        this.cache.set(address, host);
        if (this.on) this.known(address, host);
      },
    });
  }

  get enabled(): boolean {
    return this.on;
  }

  /**
   * Turning it on names the table as it now stands (`connections`; from the cache where it
   * can); off stops every lookup not yet started and forgets the table.
   */
  setEnabled(on: boolean, connections: readonly TrackedConnection[]): void {
    if (on === this.on) return;
    this.on = on;
    this.table = new TableAddresses();
    if (on) {
      this.addTable(connections);
    } else {
      this.queue.clear();
      this.batches.clear();
    }
  }

  /** The starting table. */
  addTable(connections: readonly TrackedConnection[]): void {
    if (!this.on) return;
    for (const { row } of connections) for (const address of rowAddresses(row)) this.show(address);
  }

  /** One poll's events: only opened and closed rows change which addresses the table shows. */
  apply(events: readonly ConnectionEvent[]): void {
    if (!this.on) return;
    for (const event of events) {
      if (event.type === 'opened') {
        for (const address of rowAddresses(event.connection)) this.show(address);
      } else if (event.type === 'closed') {
        for (const address of rowAddresses(event.connection)) this.table.remove(address);
      }
    }
  }

  /** The names known of the table's addresses (for a snapshot); none while off. */
  names(): HostName[] {
    return [...this.table.names()];
  }

  stop(): void {
    this.queue.clear();
    this.batches.clear();
  }

  private show(address: string): void {
    if (this.table.add(address)) this.resolve(address);
  }

  /** Answers at once where it can (a local name, the cache), else queues a lookup. */
  private resolve(address: string): void {
    const host = localName(address) ?? this.cache.get(address);
    if (host === undefined) this.queue.add(address);
    else this.known(address, host);
  }

  private known(address: string, host: string | null): void {
    if (this.table.setName(address, host)) this.batches.add(address, host);
  }
}
