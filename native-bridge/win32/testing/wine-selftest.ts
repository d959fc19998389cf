/**
 * The Windows source against a real iphlpapi: run by node.exe under Wine (scripts/win32/test-win32.sh
 * bundles this file; no vitest there). node.exe opens its own listener and client sockets, half-closes
 * one connection, and checks what the source and every table call report, its own PID included.
 *
 * Wine 8 facts this allows for: offload state is always InHost; OWNER_MODULE timestamps and module
 * info are zero; scope ids are htons() of the /proc/net/if_inet6 scope (4096 for ::1), not interface
 * indexes (docs/windows-scope-ids.md); GetOwnerModuleFromTcp*Entry is not exported; SetTcpEntry is a
 * stub that answers NO_ERROR and closes nothing; a listener and the sockets it accepts live in the
 * wineserver, so their PID may be 0, and so may an IPv6 client's — the IPv4 sockets node.exe
 * connects itself carry its process.pid.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { ActionError } from '../../../main/common/errors';
import type { DataSource, TcpRow } from '../../../main/common/types';
import { decodeTable } from '../decode-tables';
import { hasExport, readExtendedTcpTable, TcpTableReader } from '../iphlpapi';
import { TABLES, TABLE_KINDS } from '../layouts';
import { Win32Error } from '../sizing';
import { createWin32Source } from '../source';

const results: { name: string; error?: unknown }[] = [];
async function check(name: string, body: () => unknown): Promise<void> {
  try {
    await body();
    results.push({ name });
    console.log(`ok - ${name}`);
  } catch (error) {
    results.push({ name, error });
    console.log(
      `not ok - ${name}\n  ${String(error instanceof Error ? (error.stack ?? error.message) : error).replace(/\n/g, '\n  ')}`,
    );
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Pair {
  server: net.Server;
  client: net.Socket;
  accepted: net.Socket;
  host: string;
  port: number;
  clientPort: number;
}

async function openPair(host: string): Promise<Pair> {
  // allowHalfOpen: an accepted socket does not answer a FIN, so a half-closed one stays in CLOSE_WAIT.
  const server = net.createServer({ allowHalfOpen: true });
  const acceptedP = new Promise<net.Socket>((resolve) => server.once('connection', resolve));
  await new Promise<void>((resolve, reject) => server.listen(0, host, resolve).once('error', reject));
  const port = (server.address() as net.AddressInfo).port;
  const client = net.connect(port, host);
  await new Promise<void>((resolve, reject) => client.once('connect', resolve).once('error', reject));
  const accepted = await acceptedP;
  accepted.on('end', () => {});
  return { server, client, accepted, host, port, clientPort: client.localPort! };
}

const key = (r: Pick<TcpRow, 'localAddress' | 'localPort' | 'remoteAddress' | 'remotePort'>) =>
  `${r.localAddress}:${r.localPort}>${r.remoteAddress}:${r.remotePort}`;

function find(rows: TcpRow[], local: string, lport: number, remote: string, rport: number): TcpRow {
  const hits = rows.filter(
    (r) => r.localAddress === local && r.localPort === lport && r.remoteAddress === remote && r.remotePort === rport,
  );
  assert.equal(hits.length, 1, `one row for ${local}:${lport} → ${remote}:${rport}, got ${hits.length}`);
  return hits[0];
}

async function waitFor(source: DataSource, ok: (rows: TcpRow[]) => boolean): Promise<TcpRow[]> {
  let rows: TcpRow[] = [];
  for (let i = 0; i < 50; i++) {
    rows = await source.snapshot();
    if (ok(rows)) return rows;
    await sleep(100);
  }
  return rows;
}

async function main(): Promise<number> {
  console.log(`# node ${process.version} ${process.platform}/${process.arch}, pid ${process.pid}`);
  assert.equal(process.platform, 'win32', 'run this under Wine (or Windows)');

  let source: DataSource | null = null;
  await check('the source loads although GetOwnerModuleFromTcp*Entry may be missing', async () => {
    source = await createWin32Source();
    assert.equal(source.kind, 'win32');
    console.log(`# GetOwnerModuleFromTcpEntry exported: ${hasExport('GetOwnerModuleFromTcpEntry')}`);
    console.log(`# ${source.description}`);
    for (const name of ['GetTcpTable2', 'GetTcp6Table2', 'GetTcp6Table', 'GetExtendedTcpTable'] as const) {
      assert.ok(hasExport(name), `${name} is exported`);
    }
  });
  if (!source) return 1;
  const src: DataSource = source;

  const a = await openPair('127.0.0.1'); // established
  const b = await openPair('127.0.0.1'); // half-closed by the client
  const c = await openPair('::1'); // IPv6, established
  b.client.end();

  const own = process.pid;
  const rows = await waitFor(src, (rs) =>
    rs.some((r) => r.localPort === b.clientPort && r.remotePort === b.port && r.state === 'FIN_WAIT_2'),
  );
  const mine = rows.filter((r) => [a, b, c].some((p) => r.localPort === p.port || r.localPort === p.clientPort));

  await check('listeners: LISTEN, remote endpoint unspecified', () => {
    for (const p of [a, b, c]) {
      const any = p.host === '::1' ? '::' : '0.0.0.0';
      const r = find(rows, p.host, p.port, any, 0);
      assert.equal(r.state, 'LISTEN');
      assert.equal(r.family, p.host === '::1' ? 'ipv6' : 'ipv4');
      assert.ok(r.pid === own || r.pid === 0, `listener pid ${r.pid}`);
    }
  });

  await check('the connections node.exe made carry its own PID and name', () => {
    for (const p of [a, c]) {
      const r = find(rows, p.host, p.clientPort, p.host, p.port);
      assert.equal(r.state, 'ESTABLISHED');
      // Wine 8 attributes IPv6 client sockets to PID 0 ("System Idle Process").
      const strict = p.host === '127.0.0.1';
      if (strict || r.pid !== 0) {
        assert.equal(r.pid, own);
        assert.equal(r.processName?.toLowerCase(), 'node.exe');
      } else {
        assert.equal(r.processName, 'System Idle Process');
        console.log(`# ${p.host} client socket reported with PID 0 (Wine)`);
      }
    }
  });

  await check('accepted sides are ESTABLISHED', () => {
    for (const p of [a, c]) {
      const r = find(rows, p.host, p.port, p.host, p.clientPort);
      assert.equal(r.state, 'ESTABLISHED');
      assert.ok(r.pid === own || r.pid === 0, `accepted pid ${r.pid}`);
    }
  });

  await check('the half-closed connection: FIN_WAIT_2 on the closing side, CLOSE_WAIT on the other', () => {
    const closing = find(rows, '127.0.0.1', b.clientPort, '127.0.0.1', b.port);
    assert.equal(closing.state, 'FIN_WAIT_2');
    assert.equal(closing.pid, own);
    const other = find(rows, '127.0.0.1', b.port, '127.0.0.1', b.clientPort);
    assert.equal(other.state, 'CLOSE_WAIT');
  });

  await check('one row per connection, with offload state, creation time and module fields', () => {
    const keys = mine.map((r) => `${r.family}|${key(r)}`);
    assert.equal(new Set(keys).size, keys.length, `duplicates in ${keys.join(', ')}`);
    assert.equal(mine.length, 9, `3 listeners + 6 connection ends, got ${mine.length}`);
    for (const r of mine) {
      assert.equal(r.offloadState, 'InHost');
      assert.ok(r.createdAt === null || !Number.isNaN(Date.parse(r.createdAt)), `createdAt ${r.createdAt}`);
      assert.ok(r.module === null || typeof r.module === 'string');
      if (r.family === 'ipv6') assert.equal(typeof r.localScopeId, 'number');
    }
  });

  await check('every table call lists the connections, in its own layout', () => {
    const reader = new TcpTableReader();
    for (const kind of TABLE_KINDS) {
      const t = decodeTable(kind, reader.read(kind));
      const p = TABLES[kind].family === 'ipv6' ? c : a;
      const hit = t.entries.filter((e) => e.row.localPort === p.clientPort && e.row.remotePort === p.port);
      assert.equal(hit.length, 1, `${kind}: the client row of ${p.host}:${p.port}`);
      assert.equal(hit[0].row.state, 'ESTABLISHED', kind);
      assert.equal(hit[0].row.localAddress, p.host, kind);
      if (TABLES[kind].row.fields.pid && p === a) assert.equal(hit[0].row.pid, own, `${kind} pid`);
      if (kind === 'tcp-table2') {
        const half = t.entries.find((e) => e.row.localPort === b.clientPort);
        assert.equal(half?.row.state, 'FIN_WAIT_2');
      }
    }
  });

  await check('GetTcpTable2 and GetExtendedTcpTable list the same IPv4 connections', () => {
    const reader = new TcpTableReader();
    const ids = (kind: 'tcp-table2' | 'tcp-owner-pid' | 'tcp-owner-module') =>
      decodeTable(kind, reader.read(kind))
        .entries.map((e) => `${key(e.row)}|${e.row.state}`)
        .sort();
    const t2 = ids('tcp-table2');
    assert.deepEqual(ids('tcp-owner-pid'), t2);
    assert.deepEqual(ids('tcp-owner-module'), t2);
  });

  await check('the sizing protocol against the real calls (4-byte first buffer)', () => {
    const reader = new TcpTableReader(4);
    for (const kind of TABLE_KINDS) {
      const t = decodeTable(kind, reader.read(kind));
      assert.ok(t.count >= 3, `${kind}: ${t.count} rows`);
    }
  });

  await check('a failing call names the function and the code', () => {
    assert.throws(
      () => readExtendedTcpTable(99, 5),
      (err: unknown) => {
        assert.ok(err instanceof Win32Error, String(err));
        assert.match(err.message, /^GetExtendedTcpTable\(99, 5\) failed: \w+ \(\d+\)$/);
        console.log(`# ${err.message}`);
        return true;
      },
    );
  });

  await check('processInfo: its own image, start time; PID 0 and 4 by name', async () => {
    const me = await src.processInfo(own);
    assert.ok(me, 'own process info');
    assert.equal(me.name?.toLowerCase(), 'node.exe');
    assert.match(me.exePath ?? '', /node\.exe$/i);
    assert.ok(me.startedAt && Math.abs(Date.now() - Date.parse(me.startedAt)) < 3600_000, `startedAt ${me.startedAt}`);
    // Toolhelp's th32ParentProcessID at the offset the layout says: a pid, not our own, not garbage.
    assert.ok(me.parentPid !== null && me.parentPid !== own && me.parentPid < 0x10000000, `parentPid ${me.parentPid}`);
    assert.equal((await src.processInfo(0))?.name, 'System Idle Process');
    assert.equal((await src.processInfo(4))?.name, 'System');
    assert.equal(await src.processInfo(0x7ffffff0), null);
  });

  await check("the User column: node.exe's own rows carry its user, as processInfo does", async () => {
    const me = await src.processInfo(own);
    const r = find(await src.snapshot(), '127.0.0.1', a.clientPort, '127.0.0.1', a.port);
    assert.equal(typeof r.user, 'string', `user ${r.user}`);
    assert.ok(r.user, 'a user name');
    assert.equal(r.user, me?.user);
    console.log(`# Wine reports the user of node.exe (pid ${own}) as ${JSON.stringify(r.user)}`);
    const idle = (await src.snapshot()).filter((x) => x.pid === 0);
    assert.ok(
      idle.every((x) => x.user === null),
      'PID 0 rows have no user',
    );
  });

  await check('close connection: SetTcpEntry answers success, and re-reading the table shows whether it closed', async () => {
    assert.equal(src.closeRefusal?.('ipv4'), null);
    const v6 = find(await src.snapshot(), '::1', c.clientPort, '::1', c.port);
    await assert.rejects(src.closeConnection!(v6), (err: unknown) => {
      assert.ok(err instanceof ActionError, String(err));
      assert.equal(err.message, 'Windows cannot close IPv6 connections: SetTcpEntry takes IPv4 rows only');
      return true;
    });
    const target = find(await src.snapshot(), '127.0.0.1', a.clientPort, '127.0.0.1', a.port);
    await src.closeConnection!(target); // Wine's stub: NO_ERROR
    await sleep(300);
    const after = (await src.snapshot()).filter(
      (r) => r.localPort === a.clientPort && r.remotePort === a.port && r.state === 'ESTABLISHED',
    );
    const what = `close (SetTcpEntry) of 127.0.0.1:${a.clientPort} → 127.0.0.1:${a.port}`;
    // What the monitor reports after re-reading the table: Wine's SetTcpEntry closes nothing.
    if (after.length > 0) console.log(`# ${what}: the OS accepted the request but the connection is still open`);
    else console.log(`# ${what}: closed`);
    assert.equal(after.length, 1, 'Wine 8 leaves the connection open');
    assert.ok(!a.client.destroyed, 'the socket itself saw no reset');
  });

  await check('closing the sockets: the rows go or move to closing states', async () => {
    a.client.destroy();
    a.accepted.destroy();
    const after = await waitFor(src, (rs) => !rs.some((r) => r.localPort === a.clientPort && r.state === 'ESTABLISHED'));
    const left = after.filter((r) => r.localPort === a.clientPort && r.remotePort === a.port);
    assert.ok(
      left.every((r) => r.state !== 'ESTABLISHED'),
      `still: ${left.map((r) => r.state).join(',')}`,
    );
  });

  for (const p of [a, b, c]) {
    p.client.destroy();
    p.accepted.destroy();
    p.server.close();
  }
  src.close?.();
  const failed = results.filter((r) => r.error !== undefined);
  console.log(`# ${results.length - failed.length}/${results.length} passed`);
  return failed.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.log(`not ok - crashed: ${err instanceof Error ? err.stack : String(err)}`);
    process.exit(1);
  },
);
