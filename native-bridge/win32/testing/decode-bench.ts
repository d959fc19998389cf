/**
 * TEST ONLY, for bench/win32-decode.mjs: the Windows source over fixture tables, with no OS call
 * behind it, so a timed snapshot() is one poll's decode + join + cache work and nothing else.
 *
 * The connections are loopback pairs like bench/sockets.mjs makes (each connection is two rows,
 * client and accepted end), spread over SHARDS processes, ESTABLISHED, with distinct creation
 * times; a tenth of them IPv6. Each family has its state table (GetTcpTable2 / GetTcp6Table2) and
 * its OWNER_MODULE table, the tables a poll reads on Windows.
 */
import type { TableKind } from '../layouts';
import { Win32Source } from '../source';
import { ERROR_NOT_SUPPORTED } from '../win32-errors';
import { FakeModules, FakeProcesses } from './fake-os';
import { filetimeOf, v4, v6, writeFixture, type FixtureRow } from './fixture-writer';

const SHARDS = 8;
const BASE_PID = 4000;
const CREATED = filetimeOf('2025-01-01T00:00:00.000Z');

export interface DecodeBench {
  source: Win32Source;
  rows: number;
  ipv4: number;
  ipv6: number;
  /** GetOwnerModuleFromTcp*Entry calls the fake has answered so far. */
  moduleLookups(): number;
}

/** `rows` rows (rounded down to whole connections), laid out as the IP Helper calls write them. */
export function decodeBench(rows: number, moduleLookupsPerPoll?: number): DecodeBench {
  const pairs = Math.floor(rows / 2);
  const pairs6 = Math.floor(pairs / 10);
  const family = (count: number, ipv6: boolean, offset: number): FixtureRow[] => {
    const lo = ipv6 ? v6('0:0:0:0:0:0:0:1') : v4('127.0.0.1');
    const out: FixtureRow[] = [];
    for (let i = 0; i < count; i++) {
      const n = offset + i;
      const pid = BASE_PID + (n % SHARDS);
      const server = 10000 + (n % 50);
      const client = 20000 + (n % 40000);
      const t = CREATED + BigInt(n) * 1000n;
      out.push(
        { state: 5, local: lo, localPort: client, remote: lo, remotePort: server, pid, createTimestamp: t },
        { state: 5, local: lo, localPort: server, remote: lo, remotePort: client, pid, createTimestamp: t + 1n },
      );
    }
    return out;
  };
  const rows4 = family(pairs - pairs6, false, 0);
  const rows6 = family(pairs6, true, pairs - pairs6);
  const tables: Partial<Record<TableKind, Buffer>> = {
    'tcp-table2': writeFixture('tcp-table2', rows4),
    'tcp-owner-module': writeFixture('tcp-owner-module', rows4),
    'tcp6-table2': writeFixture('tcp6-table2', rows6),
    'tcp6-owner-module': writeFixture('tcp6-owner-module', rows6),
  };
  const processes = new FakeProcesses(
    new Map(
      Array.from({ length: SHARDS }, (_, i) => [BASE_PID + i, { creation: BigInt(i + 1), path: `C:\\bench\\shard${i}.exe` }]),
    ),
  );
  const modules = new FakeModules();
  const source = new Win32Source(
    {
      readTable: (kind) => {
        const t = tables[kind];
        if (!t) throw new Error(`decode bench: no ${kind} table`);
        return t;
      },
      processes,
      modules,
      setTcpEntry: () => ERROR_NOT_SUPPORTED,
    },
    moduleLookupsPerPoll,
  );
  return {
    source,
    rows: rows4.length + rows6.length,
    ipv4: rows4.length,
    ipv6: rows6.length,
    moduleLookups: () => modules.lookups.length,
  };
}
